/**
 * `work` made to run one call at a time: a call while one runs waits for it (whether it failed or
 * not), then runs itself. Each caller gets its own call's outcome.
 */
export function oneAtATime<T>(work: () => Promise<T>): () => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return () => {
    const next = last.then(work, work);
    last = next;
    return next;
  };
}
