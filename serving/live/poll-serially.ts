/** Runs `poll` every `pollMs`, one run at a time (a run still going delays the next); stop() waits for the running one. */
export function pollSerially(poll: () => Promise<void>, pollMs: number): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(poll);
  }, pollMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
