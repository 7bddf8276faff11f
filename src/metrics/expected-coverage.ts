/**
 * The list a campaign sends with `--coverage c`: the shortest best-first list whose expected buyers
 * (the sum of the predicted probabilities) reach c of all candidates' expected buyers. It depends
 * on calibration as well as ranking, so the demand evaluation reports precision and recall at that
 * list: what the export would really reach, not what an oracle-sized list would.
 */
import { assertFinite } from './assert-finite.js';
import { atThreshold, type ThresholdMetrics } from './threshold.js';

/** How many of `ranked` (probabilities, best first) a list covering `coverage` of the expected buyers takes. */
export function expectedCoverageLength(ranked: ArrayLike<number>, coverage: number): number {
  let total = 0;
  for (let k = 0; k < ranked.length; k++) total += ranked[k];
  if (total === 0) return 0;
  let sum = 0;
  for (let k = 0; k < ranked.length; k++) {
    sum += ranked[k];
    // The tolerance keeps a list that reaches the share up to rounding from taking one row more.
    if (sum >= coverage * total - 1e-9 * total) return k + 1;
  }
  return ranked.length;
}

/** 1 for the rows on the coverage list (ties at its end broken by row order, as a stable sort would), else 0. */
export function expectedCoverageList(probabilities: ArrayLike<number>, coverage: number): Uint8Array {
  assertFinite('expectedCoverageList', probabilities);
  const order = Int32Array.from({ length: probabilities.length }, (_, i) => i).sort((a, b) => probabilities[b] - probabilities[a]);
  const length = expectedCoverageLength(
    Float64Array.from(order, (i) => probabilities[i]),
    coverage,
  );
  const listed = new Uint8Array(probabilities.length);
  for (let k = 0; k < length; k++) listed[order[k]] = 1;
  return listed;
}

/** Precision and recall of the coverage list; `selected` is the list's share of rows, `threshold` its lowest score. */
export function atExpectedCoverage(labels: ArrayLike<number>, probabilities: ArrayLike<number>, coverage: number): ThresholdMetrics {
  const listed = expectedCoverageList(probabilities, coverage);
  let lowest = Infinity;
  for (let i = 0; i < listed.length; i++) if (listed[i] === 1 && probabilities[i] < lowest) lowest = probabilities[i];
  return { ...atThreshold(labels, listed, 1), threshold: lowest };
}
