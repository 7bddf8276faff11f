/**
 * One step of the training-speed benchmark, in its own process (the wasm kernel patch is global,
 * and peak RSS must be the step's own). Usage:
 *   node dist/bench/training-speed-step.js SAMPLES '{"loop":"custom","patch":true,...}'
 * Trains the model on up to `rows` rows before the validation days and prints one JSON line.
 * Epoch times include the custom loop's validation pass (a few thousand rows), which model.fit skips.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { auc, rankingMetrics } from '../src/metrics/index.js';
import { buildModel } from '../training/architectures.js';
import type { Architecture } from '../src/model-directory/architecture.js';
import { selectBackend } from '../src/tf-backend/select-backend.js';
import { predictProbabilities } from '../src/model-directory/predict.js';
import { DEFAULT_FIT_OPTIONS, fitModel } from '../training/fit-model.js';
import { BINARY_CLASSIFICATION } from '../training/task/index.js';
import { applyPreprocessing } from '../src/model-directory/preprocessing.js';
import { fitPreprocessing } from '../training/fit-preprocessing.js';
import { daysOf, loadSamples, rowsBetween } from '../training/samples.js';
import { planSlices } from '../training/time-slices.js';
import { occasionKey } from '../training/occasions.js';

export interface StepConfig {
  architecture: Architecture;
  /** `fit`: tfjs's model.fit; `custom`: training/fit-model.ts. */
  loop: 'fit' | 'custom';
  /** Whether the wasm transposed-matmul patch is installed (selectBackend does it). */
  patch: boolean;
  batchSize: number;
  negativeRate: number;
  /** Worker threads sharing each batch (custom loop only). */
  workers: number;
  /** Training rows: the latest this many before the validation days. */
  rows: number;
  /** A fixed number of epochs, or 0 for early stopping (what `wealthrec train` does). */
  epochs: number;
}

const [samplesPath, configJson] = process.argv.slice(2);
const config = JSON.parse(configJson) as StepConfig;
if (config.patch) await selectBackend('wasm');
else if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend refused');
await tf.ready();

const samples = await loadSamples(samplesPath);
const [slice] = planSlices(daysOf(samples), { mode: 'once', testDays: 10, validationDays: 3 });
const before = rowsBetween(samples, slice.trainFrom, slice.trainTo);
const train = before.subarray(Math.max(0, before.length - config.rows));
const valid = rowsBetween(samples, slice.validFrom, slice.validTo);
const test = rowsBetween(samples, slice.testDays[0], slice.testDays[slice.testDays.length - 1]);

const started = performance.now();
const preprocessing = fitPreprocessing(samples, train);
const matrix = (rows: Int32Array) => ({
  values: applyPreprocessing(preprocessing, samples, rows),
  width: preprocessing.width,
  targets: Uint8Array.from(rows, (r) => samples.labels[r]),
});
const trainMatrix = matrix(train);
const validMatrix = matrix(valid);
const preprocessSeconds = (performance.now() - started) / 1000;
const model = buildModel(config.architecture, preprocessing.width, 1);
let epochs: number;
let trainingSeconds: number;
/** Seconds of each epoch, to tell the steady speed from the first epoch's warm-up. */
let epochSeconds: number[];
if (config.loop === 'fit') {
  model.compile({
    optimizer: tf.train.adam(DEFAULT_FIT_OPTIONS.learningRate),
    loss: (y: tf.Tensor, logits: tf.Tensor) => tf.losses.sigmoidCrossEntropy(y, logits),
  });
  const x = tf.tensor2d(trainMatrix.values, [train.length, preprocessing.width]);
  const y = tf.tensor2d(Float32Array.from(trainMatrix.targets), [train.length, 1]);
  const t = performance.now();
  let epochStart = t;
  epochSeconds = [];
  await model.fit(x, y, {
    batchSize: config.batchSize,
    epochs: config.epochs,
    shuffle: true,
    verbose: 0,
    callbacks: {
      onEpochBegin: async () => {
        epochStart = performance.now();
      },
      onEpochEnd: async () => {
        epochSeconds.push((performance.now() - epochStart) / 1000);
      },
    },
  });
  trainingSeconds = (performance.now() - t) / 1000;
  epochs = config.epochs;
} else {
  const result = await fitModel(model, trainMatrix, validMatrix, BINARY_CLASSIFICATION, {
    ...DEFAULT_FIT_OPTIONS,
    seed: 1,
    batchSize: config.batchSize,
    negativeRate: config.negativeRate,
    workers: config.workers,
    maxEpochs: config.epochs > 0 ? config.epochs : DEFAULT_FIT_OPTIONS.maxEpochs,
    patience: config.epochs > 0 ? config.epochs + 1 : DEFAULT_FIT_OPTIONS.patience,
  });
  epochs = result.history.length;
  epochSeconds = result.history.map((h) => h.seconds);
  trainingSeconds = epochSeconds.reduce((s, x) => s + x, 0);
}
const wallSeconds = (performance.now() - started) / 1000;
const testMatrix = matrix(test);
const scores = predictProbabilities(model, testMatrix.values, testMatrix.width);
const labels = Array.from(testMatrix.targets);
console.log(
  JSON.stringify({
    trainRows: train.length,
    epochs,
    /** Seconds of the last epoch per million rows of the table (sampled or not): the steady cost of an epoch. */
    lastEpochSecondsPer1M: (epochSeconds.at(-1)! / train.length) * 1e6,
    trainingSeconds,
    preprocessSeconds,
    wallSeconds,
    testAuc: auc(labels, scores),
    testMrr: rankingMetrics(
      labels,
      scores,
      Array.from(test, (r) => occasionKey(samples.customerIds[r], samples.asOf[r])),
    ).mrr,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
