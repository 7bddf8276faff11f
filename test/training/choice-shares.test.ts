import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choiceSharesByKey, choiceSharesWithinRuns } from '../../src/model-directory/choice-shares.js';

describe('choice shares', () => {
  it('divides each score by the sum of its customer-day, by runs or by key', () => {
    const scores = Float32Array.from([0.2, 0.6, 0.2, 0.1, 0.3]);
    const byRuns = choiceSharesWithinRuns(scores, [3, 2]);
    expect(Array.from(byRuns)).toEqual([0.2, 0.6, 0.2, 0.25, 0.75].map(Math.fround));
    const byKey = choiceSharesByKey(Float32Array.from([0.1, 0.2, 0.6, 0.3, 0.2]), ['b', 'a', 'a', 'b', 'a']);
    expect(Array.from(byKey)).toEqual([0.25, 0.2, 0.6, 0.75, 0.2].map(Math.fround));
  });

  it('shares evenly when every score of a shelf is 0, and refuses runs that miss rows', () => {
    expect(Array.from(choiceSharesWithinRuns(new Float32Array(4), [4]))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(() => choiceSharesWithinRuns(new Float32Array(3), [2])).toThrow(/runs cover 2 rows of 3/);
  });

  it('keeps each customer-day’s order, and its shares add up to one', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.float({ min: Math.fround(0.001), max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }), { minLength: 1 }), (runs) => {
        const scores = Float32Array.from(runs.flat());
        const shares = choiceSharesWithinRuns(
          scores,
          runs.map((r) => r.length),
        );
        let start = 0;
        for (const run of runs) {
          let sum = 0;
          for (let i = start; i < start + run.length; i++) {
            sum += shares[i];
            for (let j = start; j < start + run.length; j++) if (scores[i] > scores[j]) expect(shares[i]).toBeGreaterThanOrEqual(shares[j]);
          }
          expect(sum).toBeCloseTo(1, 5);
          start += run.length;
        }
      }),
    );
  });
});
