/**
 * Ranking metrics over occasions (one customer on one day, the products offered to them): MRR and,
 * for each N, the confusion counts of "recommend the top N", precision, recall, hit rate and MAP@N.
 * Ties in score are broken against the positives, so a model cannot gain from constant scores.
 */

import { assertFinite } from './assert-finite.js';

export interface TopNMetrics {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  /** Share of occasions with at least one bought product among the top N. */
  hitRate: number;
  /** Mean over occasions of average precision at N, normalised by min(N, products bought). */
  map: number;
}

export interface RankingMetrics {
  /** Occasions with at least one bought product: the ones MRR, hit rate and MAP average over. */
  occasions: number;
  /** Occasions without any bought product among their rows (skipped by the averages above). */
  occasionsWithoutPositive: number;
  /** Mean over occasions of 1 / rank of the first bought product. */
  mrr: number;
  topN: TopNMetrics[];
}

/** Row indices of each occasion, in first-seen order. `groups` gives each row's occasion key. */
export function occasionsOf(groups: ArrayLike<string | number>): number[][] {
  const byKey = new Map<string | number, number[]>();
  for (let i = 0; i < groups.length; i++) {
    let rows = byKey.get(groups[i]);
    if (!rows) {
      rows = [];
      byKey.set(groups[i], rows);
    }
    rows.push(i);
  }
  return [...byKey.values()];
}

/** The rows of one occasion from best to worst score; on equal scores negatives come first. */
function ranked(rows: number[], labels: ArrayLike<number>, scores: ArrayLike<number>): number[] {
  return [...rows].sort((a, b) => scores[b] - scores[a] || labels[a] - labels[b]);
}

export function rankingMetrics(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  groups: ArrayLike<string | number>,
  ns: readonly number[] = [1, 3, 5],
): RankingMetrics {
  if (labels.length !== scores.length || labels.length !== groups.length) {
    throw new Error(`rankingMetrics: ${labels.length} labels, ${scores.length} scores and ${groups.length} groups must be as many`);
  }
  assertFinite('rankingMetrics', scores);
  const counts = ns.map((n) => ({ n, tp: 0, fp: 0, fn: 0, tn: 0, hits: 0, apSum: 0 }));
  let occasions = 0;
  let without = 0;
  let reciprocalSum = 0;
  for (const rows of occasionsOf(groups)) {
    const order = ranked(rows, labels, scores);
    const positives = order.reduce((s, r) => s + (labels[r] === 1 ? 1 : 0), 0);
    if (positives === 0) {
      without++;
      continue;
    }
    occasions++;
    reciprocalSum += 1 / (order.findIndex((r) => labels[r] === 1) + 1);
    for (const c of counts) {
      let tp = 0;
      let precisionSum = 0;
      for (let k = 0; k < order.length && k < c.n; k++) {
        if (labels[order[k]] === 1) {
          tp++;
          precisionSum += tp / (k + 1);
        }
      }
      const shown = Math.min(c.n, order.length);
      c.tp += tp;
      c.fp += shown - tp;
      c.fn += positives - tp;
      c.tn += order.length - shown - (positives - tp);
      if (tp > 0) c.hits++;
      c.apSum += precisionSum / Math.min(c.n, positives);
    }
  }
  return {
    occasions,
    occasionsWithoutPositive: without,
    mrr: occasions === 0 ? NaN : reciprocalSum / occasions,
    topN: counts.map((c) => ({
      n: c.n,
      tp: c.tp,
      fp: c.fp,
      fn: c.fn,
      tn: c.tn,
      precision: c.tp + c.fp === 0 ? NaN : c.tp / (c.tp + c.fp),
      recall: c.tp + c.fn === 0 ? NaN : c.tp / (c.tp + c.fn),
      hitRate: occasions === 0 ? NaN : c.hits / occasions,
      map: occasions === 0 ? NaN : c.apSum / occasions,
    })),
  };
}
