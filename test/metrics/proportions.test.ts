/** The A/B report's statistics against values worked out by hand (each formula written out below). */
import { describe, expect, it } from 'vitest';
import { relativeLift, sampleRatioPValue, wilsonInterval } from '../../src/metrics/index.js';

describe('wilsonInterval', () => {
  it('matches the Wilson score interval worked out by hand', () => {
    // 20 of 100, z = 1.96: centre = (0.2 + z²/200) / (1 + z²/100) = 0.21110,
    // half = z / (1 + z²/100) * sqrt(0.2 * 0.8 / 100 + z²/40000) = 0.07773.
    const ci = wilsonInterval(20, 100)!;
    expect(ci.low).toBeCloseTo(0.133367, 5);
    expect(ci.high).toBeCloseTo(0.288829, 5);
    // 2 of 3 and 1 of 3 mirror each other.
    expect(wilsonInterval(2, 3)).toEqual({ low: expect.closeTo(0.20766, 4), high: expect.closeTo(0.93851, 4) });
    expect(wilsonInterval(1, 3)).toEqual({ low: expect.closeTo(0.06149, 4), high: expect.closeTo(0.79234, 4) });
  });
  it('stays inside [0, 1] at the edges and has no interval without trials', () => {
    expect(wilsonInterval(0, 10)!.low).toBe(0);
    expect(wilsonInterval(0, 10)!.high).toBeCloseTo(0.27753, 4); // z² / (n + z²) for 0 successes
    expect(wilsonInterval(10, 10)!.high).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('relativeLift', () => {
  it('is the risk ratio minus one, with the log-ratio (Katz) interval', () => {
    // 1/3 against 2/3: ratio 0.5; se = sqrt(1/1 - 1/3 + 1/2 - 1/3) = 0.91287; exp(ln 0.5 ± 1.96 se) - 1.
    const lift = relativeLift({ successes: 1, trials: 3 }, { successes: 2, trials: 3 })!;
    expect(lift.lift).toBeCloseTo(-0.5, 10);
    expect(lift.interval!.low).toBeCloseTo(-0.91645, 4);
    expect(lift.interval!.high).toBeCloseTo(1.99231, 4);
  });
  it('has no ratio without a reference conversion, and no interval without a treatment conversion', () => {
    expect(relativeLift({ successes: 3, trials: 10 }, { successes: 0, trials: 10 })).toBeNull();
    expect(relativeLift({ successes: 0, trials: 10 }, { successes: 2, trials: 10 })).toEqual({ lift: -1, interval: null });
  });
});

describe('sampleRatioPValue', () => {
  it('is the chi-square goodness-of-fit p-value', () => {
    // 5,100 vs 4,900 planned 50/50: chi² = 2 * 100² / 5,000 = 4 on 1 df, p = 2 * (1 - Φ(2)) = 0.0455003.
    expect(sampleRatioPValue([5100, 4900], [50, 50])).toBeCloseTo(0.0455003, 6);
    // Exactly on plan: chi² = 0, p = 1.
    expect(sampleRatioPValue([300, 100], [3, 1])).toBeCloseTo(1, 12);
    // 3 arms, 2 df: chi² = (110-100)²/100 + (90-100)²/100 + 0 = 2, p = exp(-2/2) = 0.367879.
    expect(sampleRatioPValue([110, 90, 100], [1, 1, 1])).toBeCloseTo(Math.exp(-1), 6);
  });
  it('flags units in an arm planned to get none, and needs two arms and some units', () => {
    expect(sampleRatioPValue([10, 1], [1, 0])).toBe(0);
    expect(sampleRatioPValue([10], [1])).toBeNull();
    expect(sampleRatioPValue([0, 0], [1, 1])).toBeNull();
  });
});
