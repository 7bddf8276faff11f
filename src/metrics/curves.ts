/** The curves of the evaluation report, thinned to at most about `maxPoints` points each. */
import { assertFinite } from './assert-finite.js';

/** Rows by descending score; equal scores stay together so a curve steps over a tie at once. */
function descending(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[b] - scores[a]);
}

/** Keeps every k-th point plus the last, so the curve keeps its shape and its end. */
function thin<T>(points: T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return points;
  const step = Math.ceil(points.length / maxPoints);
  const kept = points.filter((_, i) => i % step === 0);
  if (kept[kept.length - 1] !== points[points.length - 1]) kept.push(points[points.length - 1]);
  return kept;
}

/** ROC: (false positive rate, true positive rate) at every distinct threshold. */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, maxPoints = 200): Array<{ fpr: number; tpr: number }> {
  assertFinite('rocCurve', scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return [];
  const order = descending(scores);
  const points = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]] === 1) tp++;
    else fp++;
    if (k === order.length - 1 || scores[order[k + 1]] !== scores[order[k]]) points.push({ fpr: fp / negatives, tpr: tp / positives });
  }
  return thin(points, maxPoints);
}

/** Gain: contacting the best-scored share of rows first, the share of purchases reached. */
export function gainCurve(labels: ArrayLike<number>, scores: ArrayLike<number>, maxPoints = 200): Array<{ share: number; reached: number }> {
  assertFinite('gainCurve', scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  if (positives === 0) return [];
  const order = descending(scores);
  const points = [{ share: 0, reached: 0 }];
  let reached = 0;
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]] === 1) reached++;
    if (k === order.length - 1 || scores[order[k + 1]] !== scores[order[k]]) points.push({ share: (k + 1) / order.length, reached: reached / positives });
  }
  return thin(points, maxPoints);
}

/** Smallest share of rows, best-scored first, that reaches `target` of the purchases (e.g. 0.8). */
export function shareToReach(labels: ArrayLike<number>, scores: ArrayLike<number>, target: number): number | null {
  const curve = gainCurve(labels, scores, Infinity);
  return curve.find((p) => p.reached >= target - 1e-12)?.share ?? null;
}

/** Calibration: mean predicted probability against observed purchase rate, in equal-width bins. */
export function reliabilityBins(
  labels: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  bins = 10,
): Array<{ predicted: number; observed: number; rows: number }> {
  assertFinite('reliabilityBins', probabilities);
  const sums = Array.from({ length: bins }, () => ({ predicted: 0, observed: 0, rows: 0 }));
  for (let i = 0; i < probabilities.length; i++) {
    const b = sums[Math.min(bins - 1, Math.max(0, Math.floor(probabilities[i] * bins)))];
    b.predicted += probabilities[i];
    b.observed += labels[i];
    b.rows++;
  }
  return sums.filter((b) => b.rows > 0).map((b) => ({ predicted: b.predicted / b.rows, observed: b.observed / b.rows, rows: b.rows }));
}
