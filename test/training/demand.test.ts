/** The demand model's slicing rule (no label from the test day or after reaches training), the columns each customer-level model reads, and the threshold metrics. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atThreshold, bestF1Threshold } from '../../src/metrics/index.js';
import { customerColumns, MODEL_FAMILIES, planCustomerDaySlices } from '../../training/customer-day/customer-day-data.js';
import { CUSTOMER_FAMILIES, FEATURES, HORIZON_FAMILY } from '../../src/wide-table/feature-set.js';
import type { Samples } from '../../training/samples.js';

const withDays = (days: number[]) => ({ asOf: Int32Array.from(days), length: days.length }) as unknown as Samples;

describe('planCustomerDaySlices', () => {
  it('trains a test day only on as-of days whose whole horizon ended before it, and stops early on the latest of them', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 6, maxLength: 30 }),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 1, max: 3 }),
        (days, horizonDays, testDays) => {
          const samples = withDays(days);
          let slices: ReturnType<typeof planCustomerDaySlices>;
          try {
            slices = planCustomerDaySlices(samples, horizonDays, testDays);
          } catch (err) {
            expect(String(err)).toMatch(/needs 2/);
            return;
          }
          const sorted = [...days].sort((a, b) => a - b);
          expect(slices.map((s) => s.testDay)).toEqual(sorted.slice(-testDays));
          for (const s of slices) {
            for (const d of [...s.trainDays, s.validDay]) expect(d + horizonDays).toBeLessThanOrEqual(s.testDay);
            expect(Math.max(...s.trainDays)).toBeLessThan(s.validDay);
            // Nothing usable is left out: the validation day is the latest day allowed.
            expect(sorted.filter((d) => d > s.validDay && d + horizonDays <= s.testDay)).toEqual([]);
          }
        },
      ),
    );
  });

  it('says why a test day cannot be tested', () => {
    expect(() => planCustomerDaySlices(withDays([0, 7, 14]), 8, 1)).toThrow(/has 1 earlier as-of day\(s\) whose 8-day labels were known by then; it needs 2/);
  });
});

describe('customerColumns', () => {
  // A customer-day table's columns: every feature, one row.
  const table = {
    features: [...FEATURES],
    numbers: new Map(FEATURES.filter((f) => f.kind === 'number').map((f) => [f.name, new Float32Array(1)])),
    categories: new Map(FEATURES.filter((f) => f.kind === 'category').map((f) => [f.name, [null]])),
    labels: new Uint8Array(1),
  } as unknown as Samples;
  const names = (families: Parameters<typeof customerColumns>[1]) => [...customerColumns(table, families).numbers.keys()];

  it('gives the demand model the horizon family, the value model and the ablation without it, and no model the product columns', () => {
    expect(names(MODEL_FAMILIES.demand)).toContain('maturing_amount_horizon');
    expect(names(MODEL_FAMILIES.demand)).toContain('horizon_days');
    expect(names(MODEL_FAMILIES.value).some((n) => FEATURES.find((f) => f.name === n)!.family === HORIZON_FAMILY)).toBe(false);
    expect(names(CUSTOMER_FAMILIES)).toEqual(names(MODEL_FAMILIES.value));
    expect(names(MODEL_FAMILIES.demand)).not.toContain('product_risk');
  });
});

describe('threshold metrics', () => {
  const labels = [1, 0, 1, 1, 0, 0, 0, 1];
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];

  it('counts precision, recall, F1 and the share selected at a threshold', () => {
    const m = atThreshold(labels, scores, 0.6);
    expect(m).toMatchObject({ precision: 0.75, recall: 0.75, selected: 0.5 });
    expect(m.f1).toBeCloseTo(0.75, 12);
    expect(atThreshold(labels, scores, 1)).toMatchObject({ precision: 0, recall: 0, f1: 0, selected: 0 });
  });

  it('finds the threshold with the best F1, taking ties of scores whole', () => {
    expect(bestF1Threshold(labels, scores)).toMatchObject({ threshold: 0.6, precision: 0.75, recall: 0.75 });
    // Tied scores cannot be split by a threshold.
    expect(bestF1Threshold([1, 0], [0.5, 0.5])).toMatchObject({ threshold: 0.5, precision: 0.5, recall: 1 });
  });
});
