/**
 * Conversion rates and their comparison, as an A/B report states them: the Wilson score interval of
 * a rate, the relative lift of one rate over another with its interval (the log of the risk ratio,
 * Katz et al. 1978), and the sample-ratio-mismatch test (chi-square goodness of fit of the units per
 * arm against the planned split).
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/** 97.5th percentile of the standard normal: two-sided 95% intervals. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval of `successes` out of `trials`; null without trials. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At the edges the bound is exactly 0 or 1; rounding would leave 0.9999999999999999.
  return { low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === trials ? 1 : Math.min(1, centre + half) };
}

export interface Proportion {
  successes: number;
  trials: number;
}

export interface Lift {
  /** treatment rate / reference rate - 1. */
  lift: number;
  /** 95% interval of the lift; null when either arm has no success (the log ratio is unbounded). */
  interval: Interval | null;
}

/** Relative lift of `treatment` over `reference`; null when the reference has no success (no ratio). */
export function relativeLift(treatment: Proportion, reference: Proportion, z = Z_95): Lift | null {
  if (treatment.trials <= 0 || reference.trials <= 0 || reference.successes <= 0) return null;
  const ratio = treatment.successes / treatment.trials / (reference.successes / reference.trials);
  if (treatment.successes <= 0) return { lift: ratio - 1, interval: null };
  const se = Math.sqrt(1 / treatment.successes - 1 / treatment.trials + 1 / reference.successes - 1 / reference.trials);
  const log = Math.log(ratio);
  return { lift: ratio - 1, interval: { low: Math.exp(log - z * se) - 1, high: Math.exp(log + z * se) - 1 } };
}

/**
 * p-value of observing `counts` when units fall into the groups in proportion to `weights`
 * (Pearson's chi-square, groups - 1 degrees of freedom). A small value (< 0.001 by convention) says
 * the assignment or the logging is broken, and the experiment's comparisons cannot be trusted.
 */
export function sampleRatioPValue(counts: readonly number[], weights: readonly number[]): number | null {
  if (counts.length !== weights.length) throw new Error(`${counts.length} counts for ${weights.length} weights`);
  if (counts.length < 2) return null;
  const total = counts.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || weightSum <= 0) return null;
  let statistic = 0;
  for (let i = 0; i < counts.length; i++) {
    const expected = (total * weights[i]) / weightSum;
    if (expected > 0) statistic += (counts[i] - expected) ** 2 / expected;
    else if (counts[i] > 0) return 0; // units in a group planned to get none
  }
  return 1 - chisquareCdf(statistic, counts.length - 1);
}
