/**
 * Hot reload: when a champion pointer is moved (`wealthrec models promote`, `demand train --promote`)
 * or the snapshot file is replaced (`wealthrec features snapshot`), load the new set and swap it in.
 * All are written by rename, so a changed inode or mtime means a whole new file; a file that does not
 * exist yet is watched too, and its creation is a change. Polling (fs.watchFile) rather than
 * fs.watch: it sees a rename over the file on every filesystem, network mounts included.
 * Reloads never overlap; a change seen during one queues exactly one more.
 */
import { unwatchFile, watchFile, type Stats } from 'node:fs';

export interface ReloadOutcome {
  ok: boolean;
  /** Why a reload failed; the working set kept serving. */
  error?: unknown;
  trigger: string;
}

export interface ReloadWatch {
  /** Reloads now (SIGHUP, tests), or queues after the one running. Resolves when the reload it asked for is done. */
  reloadNow(trigger: string): Promise<ReloadOutcome>;
  stop(): void;
}

export function reloadOnChange(
  paths: readonly string[],
  reload: () => Promise<unknown>,
  onOutcome: (o: ReloadOutcome) => void,
  intervalMs = 1000,
): ReloadWatch {
  let running: Promise<ReloadOutcome> | null = null;
  let queued: { trigger: string; promise: Promise<ReloadOutcome> } | null = null;

  const runOnce = async (trigger: string): Promise<ReloadOutcome> => {
    let outcome: ReloadOutcome;
    try {
      await reload();
      outcome = { ok: true, trigger };
    } catch (error) {
      outcome = { ok: false, error, trigger };
    }
    onOutcome(outcome);
    return outcome;
  };

  const reloadNow = (trigger: string): Promise<ReloadOutcome> => {
    if (!running) {
      running = runOnce(trigger).finally(() => (running = null));
      return running;
    }
    // One reload is running: it may have read the files before this change, so one more follows it.
    if (!queued) {
      const after = running;
      const promise = after.then(() => {
        queued = null;
        return reloadNow(trigger);
      });
      queued = { trigger, promise };
    }
    return queued.promise;
  };

  const listeners = paths.map((path) => {
    const listener = (current: Stats, previous: Stats) => {
      if (current.mtimeMs === previous.mtimeMs && current.ino === previous.ino) return;
      if (current.nlink === 0 && current.mtimeMs === 0) return; // removed: nothing to load until it is back
      void reloadNow(`${path} changed`);
    };
    watchFile(path, { interval: intervalMs, persistent: false }, listener);
    return { path, listener };
  });

  return {
    reloadNow,
    stop() {
      for (const { path, listener } of listeners) unwatchFile(path, listener);
    },
  };
}
