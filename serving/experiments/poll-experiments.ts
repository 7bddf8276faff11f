/** Each replica reads the running experiment every poll interval, so a start or stop reaches all of them within it. */
import { log } from '../../src/log.js';
import { pollSerially } from '../live/poll-serially.js';

export const DEFAULT_EXPERIMENT_POLL_MS = 2000;

export function pollExperiments(
  state: { refreshExperiment(): Promise<void> },
  onRefreshed: (ok: boolean) => void,
  pollMs: number = DEFAULT_EXPERIMENT_POLL_MS,
): { stop(): Promise<void> } {
  let failing = false;
  return pollSerially(async () => {
    try {
      await state.refreshExperiment();
      if (failing) log.info('experiment poll recovered');
      failing = false;
      onRefreshed(true);
    } catch (err) {
      if (!failing) log.error({ err }, 'experiment poll failed: the previous arms, or the champion alone, keep answering');
      failing = true;
      onRefreshed(false);
    }
  }, pollMs);
}
