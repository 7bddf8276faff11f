/**
 * The one training loop, for every task (training/task/): seeded shuffling, mini-batches, Adam on
 * the task's loss, early stopping on a validation slice that precedes the test day, and the best
 * epoch's weights kept. The recommender, the demand model and the value model all train here.
 *
 * Written by hand instead of `model.fit` because fit builds tensors for the whole epoch and adds
 * callbacks and per-batch bookkeeping that dominate on the single-threaded wasm backend; here one
 * reusable batch buffer is filled from the input matrix and every batch is one tidy step.
 */
import * as tf from '@tensorflow/tfjs';
import { weightPenalty } from './weight-penalty.js';
import { predictOutputs } from '../src/model-directory/predict.js';
import { Rng } from '../src/random.js';
import { BestEpoch } from './best-epoch.js';
import { DataParallelTrainer } from './parallel/data-parallel-trainer.js';
import type { Task } from './task/index.js';

export interface Matrix {
  /** Row-major values, rows x width. */
  values: Float32Array;
  width: number;
  /** One target per row: 0/1 labels for a classification task, values for a regression. */
  targets: Uint8Array | Float32Array;
}

export interface FitLoopOptions {
  seed: number;
  maxEpochs: number;
  batchSize: number;
  learningRate: number;
  /** Stop after this many epochs without a better validation loss. */
  patience: number;
  /**
   * Share of negative rows each epoch trains on (1: all; classification only). Every positive is
   * kept and each sampled negative weighs 1/rate, so the loss and the probabilities stay unbiased; a
   * new sample is drawn every epoch, so over the epochs every negative is seen.
   */
  negativeRate?: number;
  /**
   * Worker threads sharing each batch (1: train in this thread; classification only). wasm runs one
   * thread per isolate, so this is how training uses more than one core. The result depends on the
   * count (sums are added in another order), so it is recorded with the model.
   */
  workers?: number;
  /** Called after every epoch, e.g. to drive a progress bar. */
  onEpoch?: (e: EpochRecord, maxEpochs: number) => void;
  /** Called every few batches with rows done in this epoch. */
  onBatch?: (rowsDone: number, rowsTotal: number) => void;
}

export const DEFAULT_FIT_OPTIONS: Omit<FitLoopOptions, 'seed'> = { maxEpochs: 30, batchSize: 512, learningRate: 2e-3, patience: 3 };

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  validLoss: number;
  seconds: number;
}

export interface FitResult {
  history: EpochRecord[];
  bestEpoch: number;
  bestValidLoss: number;
  rowsPerSecond: number;
}

export function rowsOf(m: Matrix): number {
  return m.targets.length;
}

/** Trains `model` in place on the task's loss and leaves it with the weights of its best epoch. */
export async function fitModel(model: tf.LayersModel, train: Matrix, valid: Matrix, task: Task, options: FitLoopOptions): Promise<FitResult> {
  const n = rowsOf(train);
  if (n === 0) throw new Error('no training rows');
  if (rowsOf(valid) === 0) throw new Error('no validation rows: early stopping needs days before the test day');
  const negativeRate = options.negativeRate ?? 1;
  if (!(negativeRate > 0 && negativeRate <= 1)) throw new Error(`negativeRate must be in (0, 1], got ${negativeRate}`);
  const workers = options.workers ?? 1;
  if (!task.binaryTargets && (negativeRate !== 1 || workers !== 1))
    throw new Error(`negative sampling and worker threads are for classification; a ${task.name} task trains in this thread on every row`);
  const rng = Rng.fromSeed(options.seed).fork('shuffle');
  const order = new Int32Array(n);
  const history: EpochRecord[] = [];
  const best = new BestEpoch(options.patience);
  let trainedRows = 0;
  let trainingSeconds = 0;
  const trainer: EpochTrainer =
    workers > 1
      ? await parallelEpochs(model, train, { workers, batchSize: options.batchSize, learningRate: options.learningRate })
      : inThreadEpochs(model, train, task, options.batchSize, options.learningRate);
  try {
    for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
      const started = performance.now();
      let rows = 0;
      for (let r = 0; r < n; r++) if (negativeRate === 1 || train.targets[r] === 1 || rng.next() < negativeRate) order[rows++] = r;
      const epochRows = order.subarray(0, rows);
      rng.shuffle(epochRows);
      const { lossSum, weightSum } = await trainer.epoch(epochRows, 1 / negativeRate, (done) => options.onBatch?.(done, rows));
      trainedRows += rows;
      const validLoss = task.validationLoss(valid.targets, predictOutputs(model, valid.values, valid.width, task.outputTransform));
      const seconds = (performance.now() - started) / 1000;
      trainingSeconds += seconds;
      const record = { epoch, trainLoss: lossSum / weightSum, validLoss, seconds };
      history.push(record);
      options.onEpoch?.(record, options.maxEpochs);
      if (best.observe(epoch, validLoss, model)) break;
    }
    best.restore(model);
  } finally {
    best.dispose();
    await trainer.close();
  }
  return { history, bestEpoch: best.epoch, bestValidLoss: best.loss, rowsPerSecond: trainedRows / trainingSeconds };
}

/** Trains one epoch over the given rows and reports the weighted loss; the model holds the result. */
interface EpochTrainer {
  epoch(rows: Int32Array, negativeWeight: number, onProgress: (rowsDone: number) => void): Promise<{ lossSum: number; weightSum: number }>;
  close(): Promise<void>;
}

/** A row's weight: 1, or 1/rate for a sampled negative of a classification. */
const rowWeight = (targets: Matrix['targets'], row: number, negativeWeight: number) => (negativeWeight === 1 || targets[row] === 1 ? 1 : negativeWeight);

function weightOf(targets: Matrix['targets'], rows: Int32Array, negativeWeight: number): number {
  let sum = 0;
  for (let i = 0; i < rows.length; i++) sum += rowWeight(targets, rows[i], negativeWeight);
  return sum;
}

/**
 * Every batch minimises the task's weighted mean loss, sum(w l) / sum(w), plus the L2 penalty: with
 * all weights 1 that is the plain mean; the parallel trainer computes the same sum.
 */
function inThreadEpochs(model: tf.LayersModel, train: Matrix, task: Task, batchSize: number, learningRate: number): EpochTrainer {
  const optimizer = tf.train.adam(learningRate);
  const { width } = train;
  const batchValues = new Float32Array(batchSize * width);
  const batchTargets = new Float32Array(batchSize);
  const batchWeights = new Float32Array(batchSize);
  return {
    async epoch(rows, negativeWeight, onProgress) {
      let lossSum = 0;
      for (let start = 0; start < rows.length; start += batchSize) {
        const size = Math.min(batchSize, rows.length - start);
        let totalWeight = 0;
        for (let i = 0; i < size; i++) {
          const row = rows[start + i];
          batchValues.set(train.values.subarray(row * width, (row + 1) * width), i * width);
          batchTargets[i] = train.targets[row];
          batchWeights[i] = rowWeight(train.targets, row, negativeWeight);
          totalWeight += batchWeights[i];
        }
        const loss = tf.tidy(() => {
          const x = tf.tensor2d(batchValues.subarray(0, size * width), [size, width]);
          const y = tf.tensor2d(batchTargets.subarray(0, size), [size, 1]);
          const w = tf.tensor2d(batchWeights.subarray(0, size), [size, 1]);
          return optimizer.minimize(() => {
            const data = task.batchLoss(model, x, y, w, totalWeight);
            const penalty = weightPenalty(model);
            return penalty ? tf.add(data, penalty) : data;
          }, true)!;
        });
        lossSum += (await loss.data())[0] * totalWeight;
        loss.dispose();
        onProgress(start + size);
      }
      return { lossSum, weightSum: weightOf(train.targets, rows, negativeWeight) };
    },
    async close() {
      optimizer.dispose();
    },
  };
}

/** Binary classification on worker threads (training/parallel/): each replica takes a share of every batch. */
async function parallelEpochs(model: tf.LayersModel, train: Matrix, o: { workers: number; batchSize: number; learningRate: number }): Promise<EpochTrainer> {
  if (!(train.targets instanceof Uint8Array)) throw new Error('the data-parallel trainer needs 0/1 labels (Uint8Array)');
  const labels = train.targets;
  const trainer = await DataParallelTrainer.start(model, train.values, labels, { ...o, width: train.width, backend: tf.getBackend() });
  return {
    async epoch(rows, negativeWeight, onProgress) {
      const { lossSum } = await trainer.epoch(rows, negativeWeight, onProgress);
      return { lossSum, weightSum: weightOf(labels, rows, negativeWeight) };
    },
    close: () => trainer.close(),
  };
}
