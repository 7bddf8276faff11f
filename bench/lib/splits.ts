/** Train/test splits for the real-data benchmark: stratified at random (as the literature does), or by time. */
import { Rng } from '../../src/random.js';

export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/** A seeded random split that keeps the share of positives the same on both sides. */
export function stratifiedSplit(labels: ArrayLike<number>, rows: ArrayLike<number>, testShare: number, seed: number): Split {
  const rng = Rng.fromSeed(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [0, 1]) {
    const group = Array.from(rows).filter((r) => labels[r] === label);
    rng.shuffle(group);
    const cut = Math.round(group.length * testShare);
    test.push(...group.slice(0, cut));
    train.push(...group.slice(cut));
  }
  const sorted = (a: number[]) => Int32Array.from(a).sort();
  return { train: sorted(train), test: sorted(test) };
}

/** The last `testShare` of the rows (in file order, which is time order) as test. */
export function timeOrderedSplit(rows: ArrayLike<number>, testShare: number): Split {
  const all = Int32Array.from(rows);
  const cut = all.length - Math.round(all.length * testShare);
  return { train: all.slice(0, cut), test: all.slice(cut) };
}
