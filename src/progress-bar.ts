/** A progress bar on stderr when it is a terminal; nothing at all otherwise (CI logs, pipes). */
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function progressBar(title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar(
    { format: `${title} [{bar}] {percentage}% | {label} | ETA {eta_formatted}`, stream, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { label });
      }
    },
    /** Clears the bar; a later update starts it again (e.g. after a line of output). */
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
