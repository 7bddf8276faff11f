/**
 * Reads a stored gain curve the way marketing asks: "to reach 80% of buyers, message X% of customers".
 * (src/metrics shareToReach answers the same from raw labels and scores; a report only keeps the curve.)
 * Interpolates linearly between the curve's points; null when the curve never gets there.
 */
import type { ScorerReport } from './report-data.js';

export const REACH_LEVEL = 0.8;

export function shareToReachOnGain(gain: ScorerReport['curves']['gain'], level = REACH_LEVEL): number | null {
  let previous = { share: 0, reached: 0 };
  for (const point of gain) {
    if (!Number.isFinite(point.share) || !Number.isFinite(point.reached)) continue;
    if (point.reached >= level) {
      const rise = point.reached - previous.reached;
      if (rise <= 0) return point.share;
      return previous.share + ((level - previous.reached) / rise) * (point.share - previous.share);
    }
    previous = point;
  }
  return null;
}
