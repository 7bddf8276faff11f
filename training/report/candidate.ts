/** The candidate is the report's first scorer of kind `model`; the other model-like scorers are ablations and baselines. */
import type { ScorerReport } from './report-data.js';

export function candidateOf(scorers: readonly ScorerReport[]): ScorerReport | undefined {
  return scorers.find((s) => s.kind === 'model');
}
