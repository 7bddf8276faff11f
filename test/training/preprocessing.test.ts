/** Preprocessing is fitted on the training rows only and applied the same way to any rows. */
import { describe, expect, it } from 'vitest';
import { applyPreprocessing, parsePreprocessing, type FeatureColumns } from '../../src/model-directory/preprocessing.js';
import { fitPreprocessing } from '../../training/fit-preprocessing.js';

const columns = (): FeatureColumns => ({
  numbers: new Map([
    ['balance', Float32Array.from([0, 10_000, 100_000, NaN, 5e9])],
    ['age', Float32Array.from([30, 40, 50, 60, 70])],
  ]),
  categories: new Map([['city', ['上海', '上海', '北京', null, '深圳']]]),
});

describe('fitPreprocessing', () => {
  it('learns scaling and vocabularies from the training rows only', () => {
    const p = fitPreprocessing(columns(), [0, 1, 2], { minCount: 1 });
    const age = p.numbers.find((t) => t.name === 'age')!;
    expect(age.mean).toBeCloseTo(40, 6); // rows 3 and 4 (60, 70) are not training rows
    expect(age.log).toBe(false);
    const balance = p.numbers.find((t) => t.name === 'balance')!;
    expect(balance.log).toBe(true); // money in yuan: heavy-tailed
    expect(balance.missingIndicator).toBe(false); // the NaN is in row 3, outside training
    expect(p.categories[0].values).toEqual(['上海', '北京']); // 深圳 appears only outside training
  });

  it('adds a missing indicator where training had unknowns, and maps unknown and unseen categories to their own columns', () => {
    const data = columns();
    const p = fitPreprocessing(data, [0, 1, 2, 3], { minCount: 1 });
    expect(p.columns).toEqual(['balance', 'balance:missing', 'age', 'city=上海', 'city=北京', 'city=<other>', 'city=<missing>']);
    const x = applyPreprocessing(p, data, [3, 4]);
    const row = (r: number) => Array.from(x.subarray(r * p.width, (r + 1) * p.width));
    expect(row(0)[0]).toBe(0); // NaN balance becomes the mean (0 after standardising) …
    expect(row(0)[1]).toBe(1); // … with its indicator set
    expect(row(0).slice(3)).toEqual([0, 0, 0, 1]); // null city
    expect(row(1).slice(3)).toEqual([0, 0, 1, 0]); // 深圳 was never seen in training
    expect(row(1)[1]).toBe(0);
  });

  it('standardises training columns to mean 0 and deviation 1', () => {
    const data = columns();
    const p = fitPreprocessing(data, [0, 1, 2, 4], { minCount: 1 });
    const x = applyPreprocessing(p, data, [0, 1, 2, 4]);
    const ageColumn = p.columns.indexOf('age');
    const ages = [0, 1, 2, 3].map((r) => x[r * p.width + ageColumn]);
    const mean = ages.reduce((a, b) => a + b, 0) / 4;
    const sd = Math.sqrt(ages.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect(mean).toBeCloseTo(0, 6);
    expect(sd).toBeCloseTo(1, 5);
  });

  it('refuses rows that lack a feature the model needs, naming it', () => {
    const p = fitPreprocessing(columns(), [0, 1, 2]);
    const without = { numbers: new Map([['balance', new Float32Array(5)]]), categories: columns().categories };
    expect(() => applyPreprocessing(p, without, [0])).toThrow(/number feature "age"/);
  });

  it('round-trips through JSON and rejects a file whose width does not match', () => {
    const p = fitPreprocessing(columns(), [0, 1, 2]);
    expect(parsePreprocessing(JSON.parse(JSON.stringify(p)), 'p.json')).toEqual(p);
    expect(() => parsePreprocessing({ ...p, width: p.width + 1 }, 'p.json')).toThrow(/p\.json: width/);
    expect(() => parsePreprocessing({ ...p, numbers: 'x' }, 'p.json')).toThrow(/p\.json: not a wealthrec preprocessing file: numbers/);
  });
});
