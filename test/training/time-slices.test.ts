/** No row of a test day, nor anything after it, ever trains or stops the model tested on that day. */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/tf-backend/select-backend.js';
import { evaluate } from '../../training/evaluate.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { planSlices } from '../../training/time-slices.js';
import { trainOnRows } from '../../training/train-on-rows.js';
import { syntheticSamples } from './synthetic-samples.js';

describe('planSlices', () => {
  it('plans one slice per test day in sliced mode and one before the first test day in once mode', () => {
    const days = Array.from({ length: 30 }, (_, i) => 100 + i);
    const sliced = planSlices(days, { mode: 'sliced', testDays: 10, validationDays: 3 });
    expect(sliced.map((s) => s.testDays)).toEqual(Array.from({ length: 10 }, (_, i) => [120 + i]));
    expect(sliced[0]).toEqual({ trainFrom: 100, trainTo: 116, validFrom: 117, validTo: 119, testDays: [120] });
    const once = planSlices(days, { mode: 'once', testDays: 10, validationDays: 3 });
    expect(once).toEqual([{ trainFrom: 100, trainTo: 116, validFrom: 117, validTo: 119, testDays: days.slice(20) }]);
  });

  it('keeps training < validation < test for any days and settings', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('sliced' as const, 'once' as const),
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        (raw, testDays, validationDays, mode, trainDays) => {
          const days = [...raw].sort((a, b) => a - b);
          let slices: ReturnType<typeof planSlices>;
          try {
            slices = planSlices(days, { mode, testDays, validationDays, trainDays });
          } catch (err) {
            expect(String(err)).toMatch(/not enough history/);
            return;
          }
          for (const s of slices) {
            expect(s.trainFrom).toBeLessThanOrEqual(s.trainTo);
            expect(s.trainTo).toBeLessThan(s.validFrom);
            expect(s.validTo).toBeLessThan(s.testDays[0]);
          }
        },
      ),
    );
  });

  it('says how much history is missing', () => {
    expect(() => planSlices([10, 11, 12], { mode: 'sliced', testDays: 2, validationDays: 3 })).toThrow(
      /not enough history.*Build samples from an earlier --from/,
    );
  });
});

describe('evaluate', () => {
  it.each(['sliced', 'once'] as const)('trains every model (%s) only on days before the day it is tested on', async (mode) => {
    const backend = await selectBackend('cpu');
    const samples = syntheticSamples({ days: 16, occasionsPerDay: 8 });
    const calls: Array<{ maxTrainDay: number; maxValidDay: number }> = [];
    const evaluation = await evaluate(samples, {
      mode,
      testDays: 4,
      validationDays: 2,
      architecture: 'logistic',
      ablation: [],
      seed: 1,
      fit: { ...DEFAULT_FIT_OPTIONS, maxEpochs: 1 },
      backend,
      samplesFile: 'memory',
      trainer: async (s, trainRows, validRows, spec) => {
        calls.push({ maxTrainDay: Math.max(...Array.from(trainRows, (r) => s.asOf[r])), maxValidDay: Math.max(...Array.from(validRows, (r) => s.asOf[r])) });
        return trainOnRows(s, trainRows, validRows, spec);
      },
    });
    const testDays = [...new Set(evaluation.test.days)].sort((a, b) => a - b);
    expect(testDays).toEqual([20_012, 20_013, 20_014, 20_015]);
    expect(calls).toHaveLength(mode === 'sliced' ? 4 : 1);
    calls.forEach((call, k) => {
      const testedOn = mode === 'sliced' ? testDays[k] : testDays[0];
      expect(call.maxValidDay).toBeLessThan(testedOn);
      expect(call.maxTrainDay).toBeLessThan(call.maxValidDay - 1); // two validation days sit between
    });
    // Every scorer scored every test row, and the report says which days were tested.
    for (const s of evaluation.report.scorers) expect(evaluation.scores.get(s.name)).toHaveLength(evaluation.test.rows.length);
    expect(evaluation.report.data.testDays).toHaveLength(4);
  });
});
