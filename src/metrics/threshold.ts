/** Precision, recall and F1 of the rule "score >= threshold", and the threshold that maximises F1. */
import { assertFinite } from './assert-finite.js';

export interface ThresholdMetrics {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of rows at or above the threshold: how many a campaign would contact. */
  selected: number;
}

function metricsOf(tp: number, selected: number, positives: number, rows: number, threshold: number): ThresholdMetrics {
  const precision = selected === 0 ? 0 : tp / selected;
  const recall = positives === 0 ? 0 : tp / positives;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, precision, recall, f1, selected: rows === 0 ? 0 : selected / rows };
}

export function atThreshold(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: number): ThresholdMetrics {
  assertFinite('atThreshold', scores);
  let tp = 0;
  let selected = 0;
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    positives += labels[i];
    if (scores[i] >= threshold) {
      selected++;
      tp += labels[i];
    }
  }
  return metricsOf(tp, selected, positives, scores.length, threshold);
}

/** The score threshold with the best F1 (ties: the higher threshold, fewer messages). */
export function bestF1Threshold(labels: ArrayLike<number>, scores: ArrayLike<number>): ThresholdMetrics {
  assertFinite('bestF1Threshold', scores);
  const order = Int32Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  let best = metricsOf(0, 0, positives, scores.length, Infinity);
  let tp = 0;
  for (let k = 0; k < order.length; k++) {
    tp += labels[order[k]];
    if (k + 1 < order.length && scores[order[k + 1]] === scores[order[k]]) continue; // a threshold takes a tie whole
    const m = metricsOf(tp, k + 1, positives, scores.length, scores[order[k]]);
    if (m.f1 > best.f1) best = m;
  }
  return best;
}
