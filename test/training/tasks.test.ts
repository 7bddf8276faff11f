/** The one training loop runs every task: its early stopping reads the task's validation loss from src/metrics, and regression trains on the same loop. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { logLoss, meanAbsoluteError, meanSquaredError } from '../../src/metrics/index.js';
import { predictOutputs } from '../../src/model-directory/predict.js';
import { Rng } from '../../src/random.js';
import { selectBackend } from '../../src/tf-backend/select-backend.js';
import { buildModel } from '../../training/architectures.js';
import { DEFAULT_FIT_OPTIONS, fitModel, type Matrix } from '../../training/fit-model.js';
import { BINARY_CLASSIFICATION, REGRESSION } from '../../training/task/index.js';

/** y = 2 x0 - x1 + noise, and the label y > 0: a regression and a classification on the same rows. */
function rows(n: number, seed: number): { values: Float32Array; y: Float32Array } {
  const rng = Rng.fromSeed(seed);
  const values = new Float32Array(n * 3);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) values[i * 3 + k] = rng.normal();
    y[i] = 2 * values[i * 3] - values[i * 3 + 1] + 0.1 * rng.normal();
  }
  return { values, y };
}
const train = rows(600, 1);
const valid = rows(200, 2);
const regression = (r: typeof train): Matrix => ({ values: r.values, width: 3, targets: r.y });
const classification = (r: typeof train): Matrix => ({ values: r.values, width: 3, targets: Uint8Array.from(r.y, (v) => (v > 0 ? 1 : 0)) });
const options = { ...DEFAULT_FIT_OPTIONS, seed: 4, maxEpochs: 8, batchSize: 64, learningRate: 0.02 };

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('fitModel with a task', () => {
  it.each([
    ['squared', 'mean squared error', meanSquaredError],
    ['absolute', 'mean absolute error', meanAbsoluteError],
  ] as const)('regression on %s error: the kept epoch is the one whose validation %s, recomputed from src/metrics, is lowest', async (loss, _name, metric) => {
    const model = buildModel('logistic', 3, 5);
    const fit = await fitModel(model, regression(train), regression(valid), REGRESSION[loss], { ...options, maxEpochs: 40 });
    const kept = metric(valid.y, predictOutputs(model, valid.values, 3, 'identity'));
    expect(kept).toBeCloseTo(fit.bestValidLoss, 5);
    expect(fit.bestValidLoss).toBe(Math.min(...fit.history.map((h) => h.validLoss)));
    // A linear target with noise of deviation 0.1: the linear model gets close to it.
    expect(kept).toBeLessThan(loss === 'squared' ? 0.03 : 0.15);
    model.dispose();
  });

  it('classification: the validation loss is the log loss of the sigmoid of the outputs', async () => {
    const model = buildModel('logistic', 3, 5);
    const fit = await fitModel(model, classification(train), classification(valid), BINARY_CLASSIFICATION, options);
    const labels = classification(valid).targets;
    expect(logLoss(labels, predictOutputs(model, valid.values, 3, 'sigmoid'))).toBeCloseTo(fit.bestValidLoss, 6);
    expect(fit.bestValidLoss).toBeLessThan(0.3);
    model.dispose();
  });

  it('refuses negative sampling and worker threads for a regression, which has no negatives to sample', async () => {
    const model = buildModel('logistic', 3, 5);
    await expect(fitModel(model, regression(train), regression(valid), REGRESSION.squared, { ...options, negativeRate: 0.5 })).rejects.toThrow(
      /negative sampling and worker threads are for row-wise classification/,
    );
    await expect(fitModel(model, regression(train), regression(valid), REGRESSION.squared, { ...options, workers: 2 })).rejects.toThrow(
      /regression-squared task trains in this thread/,
    );
    model.dispose();
    expect(tf.memory().numTensors).toBeLessThan(1000);
  });
});
