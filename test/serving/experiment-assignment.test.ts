/** Assignment to arms: sticky, close to the planned split, independent across salts; and the arms' parsing. */
import { describe, expect, it } from 'vitest';
import { parseArms } from '../../serving/experiments/arm-policy.js';
import { armIndexAt, assignArm } from '../../serving/experiments/assign-arm.js';
import { sampleRatioPValue } from '../../src/metrics/index.js';

const ids = Array.from({ length: 10_000 }, (_, i) => `C${String(i).padStart(6, '0')}`);

describe('assignArm', () => {
  it('gives a customer the same arm every time', () => {
    for (const id of ids.slice(0, 500)) expect(assignArm('salt-1', id, [50, 50])).toBe(assignArm('salt-1', id, [50, 50]));
  });

  it('splits 10k ids close to the planned weights', () => {
    for (const weights of [
      [50, 50],
      [10, 90],
      [1, 1, 2],
    ]) {
      const counts = weights.map(() => 0);
      for (const id of ids) counts[assignArm('split', id, weights)]++;
      const total = weights.reduce((a, b) => a + b, 0);
      counts.forEach((c, i) => {
        const p = weights[i] / total;
        // Within 4 binomial standard deviations of the plan.
        expect(Math.abs(c - ids.length * p)).toBeLessThan(4 * Math.sqrt(ids.length * p * (1 - p)));
      });
      expect(sampleRatioPValue(counts, weights)!).toBeGreaterThan(0.0001);
    }
  });

  it('assigns independently under another salt', () => {
    // 2 x 2 table of the arms under two salts: each cell near a quarter, the chi-square of independence small.
    const cells = [0, 0, 0, 0];
    for (const id of ids) cells[2 * assignArm('experiment-a', id, [1, 1]) + assignArm('experiment-b', id, [1, 1])]++;
    const rows = [cells[0] + cells[1], cells[2] + cells[3]];
    const cols = [cells[0] + cells[2], cells[1] + cells[3]];
    let chi2 = 0;
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 2; c++) {
        const expected = (rows[r] * cols[c]) / ids.length;
        chi2 += (cells[2 * r + c] - expected) ** 2 / expected;
      }
    expect(chi2).toBeLessThan(10.83); // p > 0.001 on 1 df
  });

  it('cuts [0, 1) by cumulative weights', () => {
    expect(armIndexAt(0, [1, 3])).toBe(0);
    expect(armIndexAt(0.2499, [1, 3])).toBe(0);
    expect(armIndexAt(0.25, [1, 3])).toBe(1);
    expect(armIndexAt(0.999999, [1, 3])).toBe(1);
  });
});

describe('parseArms', () => {
  it('reads champion, baselines and registered versions', () => {
    expect(parseArms('champion=50,popularity=30,v2=20', ['v2'])).toEqual([
      { arm: 'champion', weight: 50, policy: { kind: 'champion' } },
      { arm: 'popularity', weight: 30, policy: { kind: 'baseline', policy: 'popularity' } },
      { arm: 'v2', weight: 20, policy: { kind: 'model', version: 'v2' } },
    ]);
  });
  it('refuses what it cannot serve, saying why', () => {
    expect(() => parseArms('champion=50', [])).toThrow(/at least two arms/);
    expect(() => parseArms('champion=50,v9=50', ['v2'])).toThrow(/"v9" is neither .* \(have: v2\)/);
    expect(() => parseArms('champion=0,expert=1', [])).toThrow(/positive integer/);
    expect(() => parseArms('champion=50,champion=50', [])).toThrow(/listed twice/);
    expect(() => parseArms('champion:50,expert=50', [])).toThrow(/NAME=WEIGHT/);
  });
});
