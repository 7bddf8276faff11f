/** The change feed's clock: applies committed imports to the served set every poll interval, one poll at a time. */
import { log } from '../../src/log.js';
import type { ServiceMetrics } from '../service-metrics.js';
import type { LiveServingState } from '../serving-state.js';
import { pollSerially } from './poll-serially.js';

export const DEFAULT_FEED_POLL_MS = 1000;

/** Applies new imports every `pollMs`, one poll at a time; stop() waits for the running one. */
export function pollChangeFeed(
  state: Pick<LiveServingState, 'applyChanges'>,
  metrics: Pick<ServiceMetrics, 'feedApplied'> | null,
  pollMs: number,
): { stop(): Promise<void> } {
  let failing = false;
  return pollSerially(async () => {
    try {
      const applied = await state.applyChanges();
      metrics?.feedApplied(applied.runs, applied.delays);
      if (applied.runs > 0) log.info({ runs: applied.runs, customers: applied.customers, products: applied.products }, 'imports applied to the served set');
      // A count only: an erased customer's id never goes to the logs.
      if (applied.erased.length > 0) log.info({ customers: applied.erased.length }, 'erased customers dropped from the served set');
      if (failing) log.info('change feed caught up again');
      failing = false;
    } catch (err) {
      // The set keeps serving as it was; readiness turns 503 once the lag passes its limit.
      if (!failing) log.error({ err }, 'change feed poll failed: answers lack the imports committed since');
      failing = true;
    }
  }, pollMs);
}
