/**
 * The data-parallel trainer (worker threads, shared memory) trains the same model as the in-thread
 * loop, up to the order of float sums, and is deterministic. Its worker runs compiled, from dist/
 * (npm test builds first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../training/architectures.js';
import { selectBackend } from '../../src/tf-backend/select-backend.js';
import { predictProbabilities } from '../../src/model-directory/predict.js';
import { DEFAULT_FIT_OPTIONS, fitModel, type Matrix } from '../../training/fit-model.js';
import { BINARY_CLASSIFICATION } from '../../training/task/index.js';
import { applyPreprocessing } from '../../src/model-directory/preprocessing.js';
import { fitPreprocessing } from '../../training/fit-preprocessing.js';
import { rowsBetween } from '../../training/samples.js';
import { syntheticSamples } from './synthetic-samples.js';

const samples = syntheticSamples({ days: 20, occasionsPerDay: 40 });
const preprocessing = fitPreprocessing(samples, rowsBetween(samples, 20_000, 20_015));
const matrix = (rows: Int32Array): Matrix => ({
  values: applyPreprocessing(preprocessing, samples, rows),
  width: preprocessing.width,
  targets: Uint8Array.from(rows, (r) => samples.labels[r]),
});
const train = matrix(rowsBetween(samples, 20_000, 20_015));
const valid = matrix(rowsBetween(samples, 20_016, 20_019));

async function trained(workers: number, negativeRate = 1) {
  const model = buildModel('mlp', preprocessing.width, 3);
  const fit = await fitModel(model, train, valid, BINARY_CLASSIFICATION, {
    ...DEFAULT_FIT_OPTIONS,
    seed: 3,
    maxEpochs: 3,
    patience: 5,
    batchSize: 128,
    workers,
    negativeRate,
  });
  const scores = predictProbabilities(model, valid.values, valid.width);
  model.dispose();
  return { fit, scores };
}

beforeAll(async () => {
  await selectBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('data-parallel training', () => {
  it('follows the in-thread loop epoch by epoch, to float rounding', async () => {
    const single = await trained(1);
    const parallel = await trained(2);
    single.fit.history.forEach((h, i) => {
      expect(parallel.fit.history[i].trainLoss).toBeCloseTo(h.trainLoss, 4);
      expect(parallel.fit.history[i].validLoss).toBeCloseTo(h.validLoss, 4);
    });
    let worst = 0;
    for (let i = 0; i < single.scores.length; i++) worst = Math.max(worst, Math.abs(single.scores[i] - parallel.scores[i]));
    expect(worst).toBeLessThan(1e-3);
  });

  it('gives identical weights on every run with the same seed and worker count, sampled negatives included', async () => {
    const a = await trained(2, 0.5);
    const b = await trained(2, 0.5);
    expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
  });

  it('reports a worker that cannot start, naming it', async () => {
    const model = buildModel('mlp', preprocessing.width, 3);
    const backend = tf.getBackend();
    // A backend name the workers cannot load: each worker fails at start-up.
    tf.engine().backendName = 'no-such-backend';
    try {
      await expect(fitModel(model, train, valid, BINARY_CLASSIFICATION, { ...DEFAULT_FIT_OPTIONS, seed: 1, maxEpochs: 1, workers: 2 })).rejects.toThrow(
        /training worker \d of 2: .*no-such-backend/,
      );
    } finally {
      tf.engine().backendName = backend;
      model.dispose();
    }
  });
});
