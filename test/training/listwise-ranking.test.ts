/** The listwise objective: a softmax over each occasion's products, padded and masked, trained by the one fit loop. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rankingMetrics } from '../../src/metrics/index.js';
import { predictOutputs } from '../../src/model-directory/predict.js';
import { Rng } from '../../src/random.js';
import { selectBackend } from '../../src/tf-backend/select-backend.js';
import { buildModel } from '../../training/architectures.js';
import { DEFAULT_FIT_OPTIONS, fitModel, type Matrix } from '../../training/fit-model.js';
import { groupByOccasion } from '../../training/occasions.js';
import { BINARY_CLASSIFICATION, listwiseRanking, occasionSoftmaxLoss } from '../../training/task/index.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const softmaxCrossEntropy = (logits: number[], chosen: number[]) => {
  const z = Math.log(logits.reduce((s, l) => s + Math.exp(l), 0));
  return -chosen.reduce((s, j) => s + (logits[j] - z), 0) / chosen.length;
};

describe('the occasion softmax loss', () => {
  it('equals a hand-computed softmax cross-entropy on two occasions, and padding changes nothing', () => {
    // Occasion 1: three products, the second bought. Occasion 2: two products (one padded slot), both bought.
    const expected = softmaxCrossEntropy([0.5, 2, -1], [1]) + softmaxCrossEntropy([1, -0.5], [0, 1]);
    const loss = (logits: number[][], y: number[][], mask: number[][]) =>
      tf.tidy(() => occasionSoftmaxLoss(tf.tensor2d(logits), tf.tensor2d(y), tf.tensor2d(mask)).dataSync()[0]);
    expect(
      loss(
        [
          [0.5, 2, -1],
          [1, -0.5, 7],
        ],
        [
          [0, 1, 0],
          [1, 1, 0],
        ],
        [
          [1, 1, 1],
          [1, 1, 0],
        ],
      ),
    ).toBeCloseTo(expected, 5);
    // Whatever the padded logit is, and with more padding, the loss stays.
    expect(
      loss(
        [
          [0.5, 2, -1, 0],
          [1, -0.5, -30, 12],
        ],
        [
          [0, 1, 0, 0],
          [1, 1, 0, 0],
        ],
        [
          [1, 1, 1, 0],
          [1, 1, 0, 0],
        ],
      ),
    ).toBeCloseTo(expected, 5);
    // An occasion where nothing eligible was bought adds nothing.
    expect(
      loss(
        [
          [0.5, 2, -1],
          [1, -0.5, 3],
        ],
        [
          [0, 1, 0],
          [0, 0, 0],
        ],
        [
          [1, 1, 1],
          [1, 1, 1],
        ],
      ),
    ).toBeCloseTo(softmaxCrossEntropy([0.5, 2, -1], [1]), 5);
  });
});

describe('occasions', () => {
  it('groups rows by customer and day, keeping each occasion whole and every row once', () => {
    const customers = ['a', 'a', 'b', 'a', 'b', 'c'];
    const asOf = Int32Array.from([1, 1, 1, 2, 1, 1]);
    const { rows, starts } = groupByOccasion(customers, asOf, Int32Array.from([0, 1, 2, 3, 4, 5]));
    expect([...rows]).toEqual([0, 1, 2, 4, 3, 5]);
    expect([...starts]).toEqual([0, 2, 4, 5, 6]);
  });
});

/**
 * Occasions of 2..6 products whose choice depends on a feature relative to the occasion (the best x0
 * of its shelf is bought): the listwise loss sees the shelf, a pointwise loss only the row.
 */
function occasions(count: number, seed: number): Matrix & { occasionIds: string[] } {
  const rng = Rng.fromSeed(seed);
  const values: number[] = [];
  const targets: number[] = [];
  const occasionIds: string[] = [];
  const starts = [0];
  for (let o = 0; o < count; o++) {
    const size = 2 + Math.floor(rng.next() * 5);
    const shift = 2 * rng.normal(); // the shelf's level: what is high on one shelf is low on another
    const xs = Array.from({ length: size }, () => shift + rng.normal());
    const best = xs.indexOf(Math.max(...xs));
    for (let j = 0; j < size; j++) {
      values.push(xs[j], rng.normal());
      targets.push(j === best ? 1 : 0);
      occasionIds.push(String(o));
    }
    starts.push(targets.length);
  }
  return { values: Float32Array.from(values), width: 2, targets: Uint8Array.from(targets), occasionStarts: Int32Array.from(starts), occasionIds };
}

describe('fitModel with the listwise task', () => {
  const train = occasions(400, 1);
  const valid = occasions(150, 2);
  const options = { ...DEFAULT_FIT_OPTIONS, seed: 3, maxEpochs: 6, batchSize: 64, learningRate: 0.02 };
  const mrr = (model: tf.LayersModel) => rankingMetrics(valid.targets, predictOutputs(model, valid.values, 2, 'sigmoid'), valid.occasionIds).mrr;

  it('trains on whole occasions and ranks the shelf at least as well as the pointwise loss', async () => {
    const pointwise = buildModel('logistic', 2, 5);
    await fitModel(pointwise, train, valid, BINARY_CLASSIFICATION, options);
    const listwise = buildModel('logistic', 2, 5);
    const fit = await fitModel(listwise, train, valid, listwiseRanking(1), options);
    expect(fit.history.length).toBeGreaterThan(0);
    // Early stopping still reads the calibrated pointwise log loss.
    expect(Number.isFinite(fit.bestValidLoss)).toBe(true);
    expect(mrr(listwise)).toBeGreaterThanOrEqual(mrr(pointwise) - 0.01);
    expect(mrr(listwise)).toBeGreaterThan(0.6); // a random order of 2..6 products gives about 0.5
    pointwise.dispose();
    listwise.dispose();
  });

  it('refuses rows that are not grouped into occasions, negative sampling and worker threads', async () => {
    const model = buildModel('logistic', 2, 5);
    const { occasionStarts: _, ...ungrouped } = train;
    await expect(fitModel(model, ungrouped, valid, listwiseRanking(1), options)).rejects.toThrow(/needs the training rows grouped into occasions/);
    await expect(fitModel(model, train, valid, listwiseRanking(1), { ...options, workers: 2 })).rejects.toThrow(/listwise-ranking task trains in this thread/);
    expect(() => listwiseRanking(0)).toThrow(/above 0/);
    model.dispose();
  });
});
