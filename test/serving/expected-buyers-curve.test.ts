/** The console's curve on hand-made probabilities: its points, its sums and its 80% point. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedBuyersCurve } from '../../serving/campaign/expected-buyers-curve.js';
import { expectedCoverageLength } from '../../src/metrics/expected-coverage.js';

describe('expectedBuyersCurve', () => {
  it('takes every length of a short list, with the sums and shares written out', () => {
    const { curve, point80 } = expectedBuyersCurve([0.5, 0.3, 0.1, 0.1]);
    expect(curve.map((p) => p.rows)).toEqual([0, 1, 2, 3, 4]);
    expect(curve.map((p) => p.expectedBuyers)).toEqual([0, 0.5, 0.8, 0.9, 1]);
    expect(curve.map((p) => p.share)).toEqual([0, 0.5, 0.8, 0.9, 1]);
    // 0.5 + 0.3 reaches 80% of 1.0: two rows, half the candidates.
    expect(point80).toEqual({ rows: 2, fraction: 0.5, expectedBuyers: 0.8 });
  });

  it('takes about a hundred steps of a long list, ending at the whole list', () => {
    const ranked = Array.from({ length: 1234 }, (_, i) => 1 / (i + 2));
    const { curve } = expectedBuyersCurve(ranked);
    expect(curve).toHaveLength(101);
    expect(curve[1].rows).toBe(13); // ceil(1234 / 100)
    expect(curve.at(-1)).toMatchObject({ rows: 1234, share: 1 });
  });

  it('has nothing to draw without candidates, or without an expected buyer', () => {
    expect(expectedBuyersCurve([])).toEqual({ curve: [{ rows: 0, expectedBuyers: 0, share: 0 }], point80: { rows: 0, fraction: 0, expectedBuyers: 0 } });
    const zeros = expectedBuyersCurve([0, 0, 0]);
    expect(zeros.curve.map((p) => p.share)).toEqual([0, 0, 0, 0]);
    expect(zeros.point80.rows).toBe(0);
  });

  it('never falls, starts at 0, ends at the total, and puts its 80% point where expectedCoverageLength does', () => {
    const lists = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 600 }).map((xs) => Float64Array.from(xs).sort((a, b) => b - a));
    fc.assert(
      fc.property(lists, (ranked) => {
        const { curve, point80 } = expectedBuyersCurve(ranked);
        expect(curve[0].rows).toBe(0);
        expect(curve.at(-1)!.rows).toBe(ranked.length);
        expect(curve.length).toBe(Math.min(ranked.length, 100) + 1);
        for (let k = 1; k < curve.length; k++) {
          expect(curve[k].rows).toBeGreaterThan(curve[k - 1].rows);
          expect(curve[k].expectedBuyers).toBeGreaterThanOrEqual(curve[k - 1].expectedBuyers);
        }
        expect(point80.rows).toBe(expectedCoverageLength(ranked, 0.8));
        expect(point80.fraction).toBe(ranked.length ? point80.rows / ranked.length : 0);
      }),
    );
  });
});
