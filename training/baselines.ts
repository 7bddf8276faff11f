/**
 * The rankings a bank would use without a model, scored on the same rows. The rows of an occasion
 * are already the products this customer may buy (risk level, audience), so each baseline ranks
 * only allowed products, as the issue asks.
 */
import type { Samples } from './samples.js';

export interface Baseline {
  name: string;
  description: string;
  score(samples: Samples, rows: Int32Array): Float32Array;
}

function column(samples: Samples, name: string): Float32Array {
  const c = samples.numbers.get(name);
  if (!c) throw new Error(`baseline needs the "${name}" feature, which the samples do not have`);
  return c;
}

export const POPULARITY_BASELINE: Baseline = {
  name: 'popularity 7d',
  description: 'most bought over the 7 days before, among the products the customer may buy',
  score: (samples, rows) => {
    const popularity = column(samples, 'popularity_7d');
    return Float32Array.from(rows, (r) => (Number.isFinite(popularity[r]) ? popularity[r] : 0));
  },
};

export const EXPERT_BASELINE: Baseline = {
  name: 'expert: highest yield',
  description: "highest expected yield among the products allowed for the customer's risk level (the bank's expert ranking); equal yields count against it",
  score: (samples, rows) => {
    const yieldPercent = column(samples, 'product_yield');
    return Float32Array.from(rows, (r) => (Number.isFinite(yieldPercent[r]) ? yieldPercent[r] : -1));
  },
};

export const BASELINES: readonly Baseline[] = [POPULARITY_BASELINE, EXPERT_BASELINE];
