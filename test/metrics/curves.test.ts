/** ROC, gain and reliability curves on hand-checked vectors. */
import { describe, expect, it } from 'vitest';
import {
  atExpectedCoverage,
  auc,
  expectedCoverageLength,
  expectedCoverageList,
  gainCurve,
  reliabilityBins,
  rocCurve,
  shareToReach,
} from '../../src/metrics/index.js';

describe('curves', () => {
  const labels = [1, 0, 1, 0, 0, 1];
  const scores = [0.9, 0.8, 0.7, 0.6, 0.6, 0.1];

  it('ROC steps through every distinct threshold, with ties taken together, and its area is the AUC', () => {
    const roc = rocCurve(labels, scores);
    expect(roc).toEqual([
      { fpr: 0, tpr: 0 },
      { fpr: 0, tpr: 1 / 3 },
      { fpr: 1 / 3, tpr: 1 / 3 },
      { fpr: 1 / 3, tpr: 2 / 3 },
      { fpr: 1, tpr: 2 / 3 }, // the tie at 0.6: two negatives at once
      { fpr: 1, tpr: 1 },
    ]);
    let area = 0;
    for (let i = 1; i < roc.length; i++) area += ((roc[i].fpr - roc[i - 1].fpr) * (roc[i].tpr + roc[i - 1].tpr)) / 2;
    expect(area).toBeCloseTo(auc(labels, scores), 12);
  });

  it('gain: the share of rows contacted best-first against the share of purchases reached', () => {
    expect(gainCurve(labels, scores)).toEqual([
      { share: 0, reached: 0 },
      { share: 1 / 6, reached: 1 / 3 },
      { share: 2 / 6, reached: 1 / 3 },
      { share: 3 / 6, reached: 2 / 3 },
      { share: 5 / 6, reached: 2 / 3 },
      { share: 1, reached: 1 },
    ]);
    expect(shareToReach(labels, scores, 0.6)).toBe(0.5);
    expect(shareToReach(labels, scores, 0.8)).toBe(1);
  });

  it('thins long curves but keeps both ends', () => {
    const n = 10_000;
    const l = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const s = Array.from({ length: n }, (_, i) => Math.sin(i));
    const roc = rocCurve(l, s, 100);
    expect(roc.length).toBeLessThanOrEqual(102);
    expect(roc[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(roc.at(-1)).toEqual({ fpr: 1, tpr: 1 });
  });

  it('reliability bins average prediction and outcome per bin and drop empty bins', () => {
    const bins = reliabilityBins([0, 1, 1, 0, 1], [0.05, 0.15, 0.95, 0.91, 1]);
    expect(bins).toEqual([
      { predicted: 0.05, observed: 0, rows: 1 },
      { predicted: 0.15, observed: 1, rows: 1 },
      { predicted: (0.95 + 0.91 + 1) / 3, observed: 2 / 3, rows: 3 },
    ]);
  });

  it('returns no curve when a class is missing, and refuses NaN scores', () => {
    expect(rocCurve([1, 1], [0.2, 0.3])).toEqual([]);
    expect(gainCurve([0, 0], [0.2, 0.3])).toEqual([]);
    expect(() => rocCurve([1, 0], [NaN, 0.3])).toThrow(/score 0 is NaN/);
  });
});

describe('the coverage list (campaign export --coverage)', () => {
  it('is the shortest best-first list whose expected buyers reach the share, with its precision and recall', () => {
    // Expected buyers 0.9 + 0.5 + 0.4 + 0.1 + 0.1 = 2.0; 80% is 1.6: the top three (1.8), not two (1.4).
    const probabilities = [0.1, 0.9, 0.4, 0.5, 0.1];
    const labels = [1, 1, 0, 0, 0];
    expect(expectedCoverageLength([0.9, 0.5, 0.4, 0.1, 0.1], 0.8)).toBe(3);
    expect(expectedCoverageLength([0.9, 0.5, 0.4, 0.1, 0.1], 0.7)).toBe(2); // 1.4 reaches 70% exactly
    expect([...expectedCoverageList(probabilities, 0.8)]).toEqual([0, 1, 1, 1, 0]);
    const m = atExpectedCoverage(labels, probabilities, 0.8);
    expect(m.selected).toBeCloseTo(3 / 5);
    expect(m.precision).toBeCloseTo(1 / 3);
    expect(m.recall).toBeCloseTo(1 / 2); // the buyer scored 0.1 is left off
    expect(m.threshold).toBeCloseTo(0.4);
  });

  it('is empty when nobody is expected to buy, and everything at coverage 1', () => {
    expect(expectedCoverageLength([0, 0, 0], 0.8)).toBe(0);
    expect(atExpectedCoverage([1, 0, 0], [0, 0, 0], 0.8).recall).toBe(0);
    expect(expectedCoverageLength([0.3, 0.2, 0.1], 1)).toBe(3);
  });
});
