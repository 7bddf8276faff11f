/** The seeded PRNG: repeatable, forkable, and drawing from the right distributions. */

import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/random.js';

describe('Rng', () => {
  it('repeats itself for the same seed and differs for another', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.next()
        )(Rng.fromSeed(seed)),
      );
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('forks streams that do not depend on how much the parent has drawn', () => {
    const a = Rng.fromSeed(1);
    const b = Rng.fromSeed(1);
    for (let i = 0; i < 1000; i++) b.next();
    expect(a.fork(17).next()).toBe(b.fork(17).next());
    expect(a.fork(17).next()).not.toBe(a.fork(18).next());
    expect(a.fork('products').next()).not.toBe(a.fork('customers').next());
  });

  it('draws in range with the right moments', () => {
    const r = Rng.fromSeed(9);
    const n = 20_000;
    let sum = 0;
    let sumSq = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      const k = r.int(6);
      if (!(u >= 0 && u < 1) || !(Number.isInteger(k) && k >= 0 && k < 6)) outOfRange++;
      const z = r.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(outOfRange).toBe(0);
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.05);
  });

  it('picks by weight', () => {
    const r = Rng.fromSeed(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[r.weighted([1, 0, 3])]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeGreaterThan(2.5);
    expect(counts[2] / counts[0]).toBeLessThan(3.5);
  });

  it('shuffles in place into a permutation that depends only on the seed', () => {
    const a = Int32Array.from({ length: 100 }, (_, i) => i);
    const b = Array.from({ length: 100 }, (_, i) => i);
    Rng.fromSeed(8).shuffle(a);
    Rng.fromSeed(8).shuffle(b);
    expect([...a]).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...a]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const c = Array.from({ length: 100 }, (_, i) => i);
    Rng.fromSeed(9).shuffle(c);
    expect(c).not.toEqual(b);
  });
});
