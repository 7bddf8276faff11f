/** Metrics on vectors whose expected values are worked out here, by hand or by brute force. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auc, logLoss, meanAbsoluteError, meanSquaredError, rankingMetrics, rSquared } from '../../src/metrics/index.js';

describe('auc', () => {
  it('is the share of (positive, negative) pairs ranked right', () => {
    // scikit-learn's documented example: pairs (0.35>0.1) (0.35<0.4) (0.8>0.1) (0.8>0.4) -> 3 of 4.
    expect(auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('counts a tie as one half (Mann-Whitney)', () => {
    // Positives 0.5 and 0.9, negatives 0.5 and 0.2: 0.5 + 1 + 1 + 1 = 3.5 of 4 pairs.
    expect(auc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe(0.875);
    expect(auc([0, 1, 1, 0], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it('is NaN with one class, and refuses NaN scores', () => {
    expect(auc([1, 1], [0.2, 0.4])).toBeNaN();
    expect(() => auc([0, 1], [0.2, NaN])).toThrow('score 1 is NaN');
  });

  it('agrees with counting every pair, to 1e-12', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 6 })), { minLength: 2, maxLength: 60 }), (rows) => {
        const labels = rows.map((r) => r[0]);
        const scores = rows.map((r) => r[1] / 6); // few distinct values: many ties
        let right = 0;
        let pairs = 0;
        for (const [yi, si] of rows) {
          for (const [yj, sj] of rows) {
            if (yi === 1 && yj === 0) {
              pairs++;
              right += si > sj ? 1 : si === sj ? 0.5 : 0;
            }
          }
        }
        const expected = pairs === 0 ? NaN : right / pairs;
        if (Number.isNaN(expected)) expect(auc(labels, scores)).toBeNaN();
        else expect(Math.abs(auc(labels, scores) - expected)).toBeLessThan(1e-12);
      }),
    );
  });
});

describe('logLoss', () => {
  it('is the mean cross-entropy', () => {
    expect(logLoss([0, 1], [0.2, 0.7])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 15);
    // scikit-learn's documented example (spam = 1): 0.21616...
    const expected = -(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4;
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(expected, 15);
    expect(expected).toBeCloseTo(0.21616, 5);
  });

  it('clips probabilities to [1e-15, 1 - 1e-15]', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 12);
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-15), 1); // 1 - 1e-15 is not exact in binary
    expect(logLoss([1, 0], [1, 0])).toBeLessThan(1e-14);
  });
});

describe('rankingMetrics', () => {
  // Occasion A: ranked 0.9 (no), 0.7 (no), 0.5 (bought)            -> first bought at rank 3
  // Occasion B: ranked 0.8 (no), 0.2 (bought)                       -> rank 2
  // Occasion C: 0.6 (no) and 0.6 (bought) tie: the negative goes first, then 0.1 (bought) -> rank 2
  // Occasion D: nothing bought                                      -> skipped
  const groups = ['A', 'A', 'A', 'B', 'B', 'C', 'C', 'C', 'D', 'D'];
  const labels = [0, 1, 0, 1, 0, 1, 0, 1, 0, 0];
  const scores = [0.9, 0.5, 0.7, 0.2, 0.8, 0.6, 0.6, 0.1, 0.4, 0.3];
  const m = rankingMetrics(labels, scores, groups, [1, 3]);

  it('averages 1/rank of the first bought product over occasions with a purchase', () => {
    expect(m.occasions).toBe(3);
    expect(m.occasionsWithoutPositive).toBe(1);
    expect(m.mrr).toBeCloseTo((1 / 3 + 1 / 2 + 1 / 2) / 3, 15);
  });

  it('counts the top-1 recommendation', () => {
    // Top 1 is a negative everywhere: A tp0 fp1 fn1 tn1, B tp0 fp1 fn1 tn0, C tp0 fp1 fn2 tn0.
    expect(m.topN[0]).toMatchObject({ n: 1, tp: 0, fp: 3, fn: 4, tn: 1, precision: 0, recall: 0, hitRate: 0, map: 0 });
  });

  it('counts the top-3 recommendation and MAP@3', () => {
    // A: 1 of 3 shown is bought, AP = (1/3)/1; B: 1 of 2, AP = (1/2)/1; C: 2 of 3, AP = (1/2 + 2/3)/2 = 7/12.
    expect(m.topN[1]).toMatchObject({ n: 3, tp: 4, fp: 4, fn: 0, tn: 0, precision: 0.5, recall: 1, hitRate: 1 });
    expect(m.topN[1].map).toBeCloseTo((1 / 3 + 1 / 2 + 7 / 12) / 3, 15);
  });

  it('gives a perfect ranking MRR 1 and a reversed one its worst', () => {
    const perfect = rankingMetrics([1, 0, 0, 1, 0], [0.9, 0.1, 0.2, 0.8, 0.3], ['x', 'x', 'x', 'y', 'y'], [1]);
    expect(perfect.mrr).toBe(1);
    expect(perfect.topN[0]).toMatchObject({ precision: 1, hitRate: 1, map: 1 });
    const reversed = rankingMetrics([1, 0, 0], [0.1, 0.9, 0.5], ['x', 'x', 'x'], [1]);
    expect(reversed.mrr).toBeCloseTo(1 / 3, 15);
  });

  it('keeps TP + FP + FN + TN equal to the rows of occasions with a purchase', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1 }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 50,
        }),
        (rows) => {
          const g = rows.map((r) => r[0]);
          const y = rows.map((r) => r[1]);
          const s = rows.map((r) => r[2]);
          const result = rankingMetrics(y, s, g, [1, 2, 5]);
          const withPurchase = new Set(rows.filter((r) => r[1] === 1).map((r) => r[0]));
          const counted = rows.filter((r) => withPurchase.has(r[0])).length;
          for (const t of result.topN) {
            expect(t.tp + t.fp + t.fn + t.tn).toBe(counted);
            expect(t.tp + t.fn).toBe(y.filter((v) => v === 1).length);
          }
          expect((result.mrr >= 0 && result.mrr <= 1) || Number.isNaN(result.mrr)).toBe(true);
        },
      ),
    );
  });
});

describe('regression metrics', () => {
  it('MAE, MSE and R² by hand: the mean scores R² 0, a perfect forecast 1', () => {
    const actual = [0, 2, 4, 6];
    expect(meanAbsoluteError(actual, [1, 2, 3, 9])).toBe((1 + 0 + 1 + 3) / 4);
    expect(meanSquaredError(actual, [1, 2, 3, 9])).toBe((1 + 0 + 1 + 9) / 4);
    expect(rSquared(actual, actual)).toBe(1);
    expect(rSquared(actual, [3, 3, 3, 3])).toBe(0);
    expect(rSquared(actual, [1, 2, 3, 9])).toBeCloseTo(1 - (1 + 0 + 1 + 9) / 20, 12);
    expect(() => rSquared([1, 2], [1])).toThrow(/2 actual values against 1/);
    expect(() => meanAbsoluteError([1], [NaN])).toThrow(/finite/);
  });
});
