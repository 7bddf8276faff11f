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
  /** Where each occasion's rows start, for a task trained on whole occasions (training/occasions.ts). */
  occasionStarts?: Int32Array;
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
  /**
   * Above 0: the recommender trains on whole occasions with the listwise softmax beside the
   * pointwise loss, at this weight (task/listwise-ranking.ts); trainOnRows picks the task from it.
   * In this thread only, so it needs workers 1 and negativeRate 1.
   */
  listwiseWeight?: number;
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
  if ((!task.binaryTargets || task.occasionBatches) && (negativeRate !== 1 || workers !== 1))
    throw new Error(
      `negative sampling and worker threads are for row-wise classification; a ${task.name} task trains in this thread on every row${task.occasionBatches ? ' (a listwise weight of 0 trains row-wise)' : ''}`,
    );
  if (task.occasionBatches && !train.occasionStarts) throw new Error(`a ${task.name} task needs the training rows grouped into occasions`);
  const rng = Rng.fromSeed(options.seed).fork('shuffle');
  // Shuffled and batched: rows, or whole occasions for a task that needs them.
  const units = train.occasionStarts && task.occasionBatches ? train.occasionStarts.length - 1 : n;
  const order = new Int32Array(units);
  const history: EpochRecord[] = [];
  const best = new BestEpoch(options.patience);
  let trainedRows = 0;
  let trainingSeconds = 0;
  const trainer: EpochTrainer = task.occasionBatches
    ? occasionEpochs(model, train, task, options.batchSize, options.learningRate)
    : workers > 1
      ? await parallelEpochs(model, train, { workers, batchSize: options.batchSize, learningRate: options.learningRate })
      : inThreadEpochs(model, train, task, options.batchSize, options.learningRate);
  try {
    for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
      const started = performance.now();
      let rows = 0;
      for (let r = 0; r < units; r++) if (negativeRate === 1 || train.targets[r] === 1 || rng.next() < negativeRate) order[rows++] = r;
      const epochRows = order.subarray(0, rows);
      rng.shuffle(epochRows);
      const rowsTotal = units === n ? rows : n;
      const { lossSum, weightSum } = await trainer.epoch(epochRows, 1 / negativeRate, (done) => options.onBatch?.(done, rowsTotal));
      trainedRows += rowsTotal;
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
 * One gradient step of Adam on the task's batch loss plus the L2 penalty; returns the batch loss.
 * Targets and weights take `targetShape`: [rows, 1] for row batches, [occasions, slots] for occasion batches.
 */
async function step(
  optimizer: tf.Optimizer,
  model: tf.LayersModel,
  task: Task,
  batch: { values: Float32Array; targets: Float32Array; weights: Float32Array },
  valueShape: [number, number],
  targetShape: [number, number],
  batchWeight: number,
): Promise<number> {
  const loss = tf.tidy(() => {
    const x = tf.tensor2d(batch.values, valueShape);
    const y = tf.tensor2d(batch.targets, targetShape);
    const w = tf.tensor2d(batch.weights, targetShape);
    return optimizer.minimize(() => {
      const data = task.batchLoss(model, x, y, w, batchWeight);
      const penalty = weightPenalty(model);
      return penalty ? tf.add(data, penalty) : data;
    }, true)!;
  });
  const value = (await loss.data())[0];
  loss.dispose();
  return value;
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
        const batch = { values: batchValues.subarray(0, size * width), targets: batchTargets.subarray(0, size), weights: batchWeights.subarray(0, size) };
        lossSum += (await step(optimizer, model, task, batch, [size, width], [size, 1], totalWeight)) * totalWeight;
        onProgress(start + size);
      }
      return { lossSum, weightSum: weightOf(train.targets, rows, negativeWeight) };
    },
    async close() {
      optimizer.dispose();
    },
  };
}

/**
 * Batches of whole occasions for a task with `occasionBatches`: occasions are added while the batch
 * holds at most batchSize rows (one occasion at least), then laid out [occasions x slots], the slots
 * being the largest occasion's size, with zero rows and a 0 mask in the padding.
 */
function occasionEpochs(model: tf.LayersModel, train: Matrix, task: Task, batchSize: number, learningRate: number): EpochTrainer {
  const starts = train.occasionStarts!;
  const optimizer = tf.train.adam(learningRate);
  const { width } = train;
  let values = new Float32Array(batchSize * width);
  let targets = new Float32Array(batchSize);
  let mask = new Float32Array(batchSize);
  return {
    async epoch(occasions, _negativeWeight, onProgress) {
      let lossSum = 0;
      let weightSum = 0;
      for (let at = 0; at < occasions.length; ) {
        let count = 0;
        let rows = 0;
        let slots = 0;
        while (at + count < occasions.length) {
          const o = occasions[at + count];
          const size = starts[o + 1] - starts[o];
          if (count > 0 && rows + size > batchSize) break;
          rows += size;
          slots = Math.max(slots, size);
          count++;
        }
        const cells = count * slots;
        if (cells > targets.length) {
          values = new Float32Array(cells * width);
          targets = new Float32Array(cells);
          mask = new Float32Array(cells);
        }
        values.fill(0, 0, cells * width);
        targets.fill(0, 0, cells);
        mask.fill(0, 0, cells);
        for (let k = 0; k < count; k++) {
          const o = occasions[at + k];
          for (let row = starts[o], slot = k * slots; row < starts[o + 1]; row++, slot++) {
            values.set(train.values.subarray(row * width, (row + 1) * width), slot * width);
            targets[slot] = train.targets[row];
            mask[slot] = 1;
          }
        }
        const batch = { values: values.subarray(0, cells * width), targets: targets.subarray(0, cells), weights: mask.subarray(0, cells) };
        lossSum += (await step(optimizer, model, task, batch, [cells, width], [count, slots], rows)) * rows;
        weightSum += rows;
        at += count;
        onProgress(weightSum);
      }
      return { lossSum, weightSum };
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
