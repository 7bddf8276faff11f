/** Points read off the candidate's pooled gain curve for the demand report's table: buyers reached at round shares of customers. */
import type { DemandEvaluation } from './evaluate-demand.js';

export const GAIN_TABLE_SHARES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1] as const;

/** Buyers reached when the best `share` of customers is contacted (the curve's last point at or before it). */
export function reachedAt(gain: DemandEvaluation['gain'], share: number): number | null {
  let reached: number | null = null;
  for (const p of gain) if (p.share <= share + 1e-12) reached = p.reached;
  return reached;
}
