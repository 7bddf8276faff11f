/** Preprocessing is fitted on the training rows only and applied the same way to any rows; bounded encodings stay bounded. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyPreprocessing,
  parsePreprocessing,
  type FeatureColumns,
  type NumberEncoding,
  type Preprocessing,
} from '../../src/model-directory/preprocessing.js';
import { trainWithNumberEncoding } from '../../training/choose-number-encoding.js';
import { fitPreprocessing, quantileEdges } from '../../training/fit-preprocessing.js';
import type { Trained } from '../../training/train-on-rows.js';

const columns = (): FeatureColumns => ({
  numbers: new Map([
    ['balance', Float32Array.from([0, 10_000, 100_000, NaN, 5e9])],
    ['age', Float32Array.from([30, 40, 50, 60, 70])],
  ]),
  categories: new Map([['city', ['上海', '上海', '北京', null, '深圳']]]),
});
const rowOf = (p: Preprocessing, x: Float32Array, r: number) => Array.from(x.subarray(r * p.width, (r + 1) * p.width));
const encodingOf = (p: Preprocessing, name: string) => p.numbers.find((t) => t.name === name)!;
const standard = (t: NumberEncoding) => {
  if (t.encoding !== 'standard') throw new Error(`expected standard, got ${t.encoding}`);
  return t;
};
const edgesOf = (t: NumberEncoding) => {
  if (t.encoding === 'standard') throw new Error('expected a binned encoding');
  return t.edges;
};

describe('fitPreprocessing, standard (format 1 encoding)', () => {
  it('learns scaling and vocabularies from the training rows only', () => {
    const p = fitPreprocessing(columns(), [0, 1, 2], { minCount: 1, numberEncoding: 'standard' });
    const age = standard(encodingOf(p, 'age'));
    expect(age.mean).toBeCloseTo(40, 6); // rows 3 and 4 (60, 70) are not training rows
    expect(age.log).toBe(false);
    const balance = standard(encodingOf(p, 'balance'));
    expect(balance.log).toBe(true); // money in yuan: heavy-tailed
    expect(balance.missingIndicator).toBe(false); // the NaN is in row 3, outside training
    expect(p.categories[0].values).toEqual(['上海', '北京']); // 深圳 appears only outside training
  });

  it('standardises training columns to mean 0 and deviation 1', () => {
    const data = columns();
    const p = fitPreprocessing(data, [0, 1, 2, 4], { minCount: 1, numberEncoding: 'standard' });
    const x = applyPreprocessing(p, data, [0, 1, 2, 4]);
    const ageColumn = p.columns.indexOf('age');
    const ages = [0, 1, 2, 3].map((r) => x[r * p.width + ageColumn]);
    const mean = ages.reduce((a, b) => a + b, 0) / 4;
    const sd = Math.sqrt(ages.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(mean).toBeCloseTo(0, 6);
    expect(sd).toBeCloseTo(1, 5);
  });
});

describe('fitPreprocessing, piecewise-linear bins (the default)', () => {
  // Ages 20, 30, …, 100 in training: with 4 bins the edges are the quantiles 20, 40, 60, 80, 100.
  const ages = (): FeatureColumns => ({
    numbers: new Map([['age', Float32Array.from([20, 30, 40, 50, 60, 70, 80, 90, 100, 5, 200, 50, NaN])]]),
    categories: new Map(),
  });
  const training = [0, 1, 2, 3, 4, 5, 6, 7, 8];

  it('cuts bins at the training quantiles, one input per bin, and names them', () => {
    const p = fitPreprocessing(ages(), training, { bins: 4 });
    expect(edgesOf(encodingOf(p, 'age'))).toEqual([20, 40, 60, 80, 100]);
    expect(p.columns).toEqual(['age#1', 'age#2', 'age#3', 'age#4']);
  });

  it('encodes a value as full bins below it, its place in its own bin, and empty bins above', () => {
    const data = ages();
    const p = fitPreprocessing(data, training, { bins: 4 });
    const x = applyPreprocessing(p, data, [3, 0, 8, 11]);
    expect(rowOf(p, x, 0)).toEqual([1, 0.5, 0, 0]); // 50: bin 1 full, halfway through bin 2
    expect(rowOf(p, x, 1)).toEqual([0, 0, 0, 0]); // 20: the lowest edge
    expect(rowOf(p, x, 2)).toEqual([1, 1, 1, 1]); // 100: the highest edge
  });

  it('maps values beyond the training range to the edge bins: no extrapolation', () => {
    const data = ages();
    const p = fitPreprocessing(data, training, { bins: 4 });
    const x = applyPreprocessing(p, data, [9, 10, 0, 8]);
    expect(rowOf(p, x, 0)).toEqual(rowOf(p, x, 2)); // 5 encodes as 20 does
    expect(rowOf(p, x, 1)).toEqual(rowOf(p, x, 3)); // 200 encodes as 100 does
  });

  it('keeps every input in [0, 1] whatever the value, and adds the missing indicator where training had unknowns', () => {
    const data = ages();
    const p = fitPreprocessing(data, [...training, 12], { bins: 4 });
    expect(p.columns.at(-1)).toBe('age:missing');
    const missing = rowOf(p, applyPreprocessing(p, data, [12]), 0);
    expect(missing).toEqual([0, 0, 0, 0, 1]);
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e12, max: 1e12 }), (value) => {
        const one = { numbers: new Map([['age', Float32Array.of(value)]]), categories: new Map() };
        const row = rowOf(p, applyPreprocessing(p, one, [0]), 0);
        return row.every((v) => v >= 0 && v <= 1) && row.at(-1) === 0;
      }),
    );
  });

  it('gives a column of repeated values fewer bins, and a constant column one', () => {
    expect(quantileEdges(Float64Array.from([0, 0, 0, 0, 0, 0, 0, 3, 9]), 8)).toEqual([0, 3, 9]);
    expect(quantileEdges(Float64Array.from([7, 7, 7]), 8)).toEqual([7, 8]);
    expect(quantileEdges(new Float64Array(0), 8)).toEqual([0, 1]);
  });
});

describe('fitPreprocessing, quantile position', () => {
  it('encodes one input, the position among the bins from 0 to 1, clamped beyond the training range', () => {
    const data: FeatureColumns = { numbers: new Map([['age', Float32Array.from([20, 40, 60, 80, 100, 50, -5, 1000])]]), categories: new Map() };
    const p = fitPreprocessing(data, [0, 1, 2, 3, 4], { numberEncoding: 'quantile', bins: 4 });
    expect(p.columns).toEqual(['age']);
    const x = applyPreprocessing(p, data, [0, 5, 4, 6, 7]);
    expect(Array.from(x)).toEqual([0, 0.375, 1, 0, 1]); // 50: bin 2 of 4, halfway: (1 + 0.5) / 4
  });
});

describe('categories', () => {
  it('map unknown and unseen values to their own columns', () => {
    const data = columns();
    const p = fitPreprocessing(data, [0, 1, 2, 3], { minCount: 1 });
    const city = p.columns.indexOf('city=上海');
    const x = applyPreprocessing(p, data, [3, 4]);
    expect(rowOf(p, x, 0).slice(city)).toEqual([0, 0, 0, 1]); // null city
    expect(rowOf(p, x, 1).slice(city)).toEqual([0, 0, 1, 0]); // 深圳 was never seen in training
  });

  it('refuses rows that lack a feature the model needs, naming it', () => {
    const p = fitPreprocessing(columns(), [0, 1, 2]);
    const without = { numbers: new Map([['balance', new Float32Array(5)]]), categories: columns().categories };
    expect(() => applyPreprocessing(p, without, [0])).toThrow(/number feature "age"/);
  });
});

describe('preprocessing.json', () => {
  it('round-trips through JSON and encodes identically after, for every encoding', () => {
    const data = columns();
    for (const numberEncoding of ['ple', 'quantile', 'standard'] as const) {
      const p = fitPreprocessing(data, [0, 1, 2, 3], { numberEncoding, minCount: 1 });
      const reloaded = parsePreprocessing(JSON.parse(JSON.stringify(p)), 'p.json');
      expect(reloaded).toEqual(p);
      expect(applyPreprocessing(reloaded, data, [0, 1, 2, 3, 4])).toEqual(applyPreprocessing(p, data, [0, 1, 2, 3, 4]));
    }
  });

  it('reads a format 1 file (written before bounded encodings) as the standard encoding, scoring as it did', () => {
    const v1 = {
      formatVersion: 1,
      numbers: [{ name: 'age', log: false, mean: 40, std: 10, missingIndicator: true }],
      categories: [{ name: 'city', values: ['上海'] }],
      width: 5,
      columns: ['age', 'age:missing', 'city=上海', 'city=<other>', 'city=<missing>'],
    };
    const p = parsePreprocessing(v1, 'old/preprocessing.json');
    expect(p.numbers[0]).toEqual({ name: 'age', encoding: 'standard', log: false, mean: 40, std: 10, missingIndicator: true });
    const data: FeatureColumns = { numbers: new Map([['age', Float32Array.from([55, NaN])]]), categories: new Map([['city', ['上海', '北京']]]) };
    expect(Array.from(applyPreprocessing(p, data, [0, 1]))).toEqual([1.5, 0, 1, 0, 0, 0, 1, 0, 1, 0]);
  });

  it('refuses a damaged file or one of a newer format, saying what to do', () => {
    const p = fitPreprocessing(columns(), [0, 1, 2]);
    expect(() => parsePreprocessing({ ...p, width: p.width + 1 }, 'p.json')).toThrow(/p\.json: width/);
    expect(() => parsePreprocessing({ ...p, numbers: 'x' }, 'p.json')).toThrow(/p\.json: not a wealthrec preprocessing file: numbers/);
    expect(() => parsePreprocessing({ ...p, formatVersion: 3 }, 'p.json')).toThrow(
      /written by a newer wealthrec, format 3: upgrade this one, or train the model again/,
    );
    const descending = { ...p, numbers: p.numbers.map((t) => (t.encoding === 'ple' ? { ...t, edges: [...t.edges].reverse() } : t)) };
    expect(() => parsePreprocessing(descending, 'p.json')).toThrow(/edges must ascend strictly/);
  });
});

describe('--number-encoding auto', () => {
  const fake = (loss: number, disposed: string[], name: string) =>
    ({ scoring: { dispose: () => disposed.push(name) }, fit: { bestValidLoss: loss, history: [], bestEpoch: 1, rowsPerSecond: 1 } }) as unknown as Trained;

  it('trains each bounded encoding and keeps the one with the lower validation loss, disposing the other', async () => {
    for (const [pleLoss, quantileLoss, kept] of [
      [0.3, 0.2, 'quantile'],
      [0.2, 0.3, 'ple'],
    ] as const) {
      const disposed: string[] = [];
      const trained = await trainWithNumberEncoding('auto', async (encoding) => fake(encoding === 'ple' ? pleLoss : quantileLoss, disposed, encoding));
      expect(trained.fit.bestValidLoss).toBe(Math.min(pleLoss, quantileLoss));
      expect(trained.encodingCandidates).toEqual([
        { encoding: 'ple', bestValidLoss: pleLoss },
        { encoding: 'quantile', bestValidLoss: quantileLoss },
      ]);
      expect(disposed).toEqual([kept === 'ple' ? 'quantile' : 'ple']);
    }
  });

  it('trains once, with that encoding, when one is named', async () => {
    const asked: string[] = [];
    const trained = await trainWithNumberEncoding('standard', async (encoding) => {
      asked.push(encoding);
      return fake(0.1, [], encoding);
    });
    expect(asked).toEqual(['standard']);
    expect(trained.encodingCandidates).toBeUndefined();
  });
});
