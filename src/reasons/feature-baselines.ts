/**
 * A typical training value of each number feature the model reads, from its preprocessing.json:
 * what a group's features are set to when attribution takes the group away. `standard` keeps the
 * training mean (of the signed log1p when `log`: undone, so the baseline is a raw value);
 * `ple` and `quantile` keep bin edges at the training quantiles, whose middle edge is about the median.
 */
import type { NumberEncoding, Preprocessing } from '../model-directory/preprocessing.js';

export function featureBaseline(t: NumberEncoding): number {
  if (t.encoding === 'standard') return t.log ? Math.sign(t.mean) * Math.expm1(Math.abs(t.mean)) : t.mean;
  // Edges [0, 1] of a 0/1 feature give 0, the usual value of a rare flag.
  return t.edges[Math.floor((t.edges.length - 1) / 2)];
}

/** Baselines by feature name, for the number features the model reads (the others play no part in its score). */
export function featureBaselines(p: Preprocessing): ReadonlyMap<string, number> {
  return new Map(p.numbers.map((t) => [t.name, featureBaseline(t)]));
}
