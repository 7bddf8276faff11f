/**
 * Trains one model on several cores: wasm runs one thread per Node isolate, so each worker thread
 * holds a replica (data-parallel-worker.ts) and takes an equal share of every batch. The input
 * matrix, labels and row order live in shared memory, so nothing is copied per step; after each
 * epoch the first replica's weights come back to the caller's model for validation.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { CONTROL, type FromWorker, type ToWorker, type WorkerInit } from './protocol.js';

/** The compiled worker. Under vitest this module runs from source, so the worker comes from dist/. */
function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return join(dirname(here), 'data-parallel-worker.js');
  const built = resolve(dirname(here), '../../dist/training/parallel/data-parallel-worker.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build (the parallel trainer's worker runs compiled)`);
  return built;
}

/** Shared copies of the training matrix, for the workers to read without copying. */
export function toShared(values: Float32Array): Float32Array {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const shared = new Float32Array(new SharedArrayBuffer(values.byteLength));
  shared.set(values);
  return shared;
}

export interface EpochOutcome {
  /** Sum over the epoch's rows of weight x loss (the L2 penalty included, as in the in-thread loop). */
  lossSum: number;
}

export class DataParallelTrainer {
  private constructor(
    private readonly workers: Worker[],
    private readonly order: Int32Array,
    private readonly losses: Float64Array,
    private readonly control: Int32Array,
    private readonly model: tf.LayersModel,
  ) {}

  static async start(
    model: tf.LayersModel,
    values: Float32Array,
    labels: Uint8Array,
    o: { workers: number; width: number; batchSize: number; learningRate: number; backend: string },
  ): Promise<DataParallelTrainer> {
    const weights = model.getWeights().map((w) => ({ shape: w.shape, values: w.dataSync() as Float32Array }));
    const parameterCount = model.trainableWeights.reduce((n, w) => n + w.read().size, 0);
    const sharedValues = toShared(values);
    const sharedLabels = new Uint8Array(new SharedArrayBuffer(labels.length));
    sharedLabels.set(labels);
    const order = new Int32Array(new SharedArrayBuffer(labels.length * 4));
    const gradients = new SharedArrayBuffer(2 * o.workers * parameterCount * 4);
    const losses = new Float64Array(new SharedArrayBuffer(o.workers * 8));
    const control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
    const topology = model.toJSON(undefined, true) as string;
    const path = workerPath();
    const workers = Array.from({ length: o.workers }, (_, index) => {
      const init: WorkerInit = {
        index,
        workers: o.workers,
        backend: o.backend,
        topology,
        weights,
        width: o.width,
        batchSize: o.batchSize,
        learningRate: o.learningRate,
        values: sharedValues.buffer as SharedArrayBuffer,
        labels: sharedLabels.buffer as SharedArrayBuffer,
        order: order.buffer as SharedArrayBuffer,
        gradients,
        losses: losses.buffer as SharedArrayBuffer,
        control: control.buffer as SharedArrayBuffer,
        parameterCount,
      };
      return new Worker(path, { workerData: init });
    });
    const trainer = new DataParallelTrainer(workers, order, losses, control, model);
    try {
      await trainer.allReply('ready');
    } catch (err) {
      await trainer.close();
      throw err;
    }
    return trainer;
  }

  /**
   * One epoch over `rows` (indices into the matrix, in training order). `negativeWeight` weighs
   * non-purchases (1/negative rate). Leaves the trained weights in the caller's model.
   */
  async epoch(rows: Int32Array, negativeWeight: number, onProgress?: (rowsDone: number) => void): Promise<EpochOutcome> {
    this.order.set(rows);
    Atomics.store(this.control, CONTROL.rowsDone, 0);
    const ticker = onProgress ? setInterval(() => onProgress(Atomics.load(this.control, CONTROL.rowsDone)), 250) : null;
    try {
      const replies = this.allReply('epoch-done');
      for (const w of this.workers) w.postMessage({ type: 'epoch', rows: rows.length, negativeWeight } satisfies ToWorker);
      const done = await replies;
      const first = done.find((m) => m.type === 'epoch-done' && m.weights !== null);
      if (first?.type !== 'epoch-done' || !first.weights) throw new Error('the first replica returned no weights');
      const shapes = this.model.getWeights().map((w) => w.shape);
      const tensors = first.weights.map((values, i) => tf.tensor(values, shapes[i]));
      this.model.setWeights(tensors);
      tf.dispose(tensors);
      return { lossSum: this.losses.reduce((a, b) => a + b, 0) };
    } finally {
      if (ticker) clearInterval(ticker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** One message of `type` from every worker; any error or exit stops them all (a replica stuck at the barrier would wait forever). */
  private allReply(type: FromWorker['type']): Promise<FromWorker[]> {
    return Promise.all(
      this.workers.map(
        (w, index) =>
          new Promise<FromWorker>((resolveReply, reject) => {
            const cleanup = () => {
              w.off('message', onMessage);
              w.off('error', onError);
              w.off('exit', onExit);
            };
            const fail = (why: string) => {
              cleanup();
              void this.close();
              reject(new Error(`training worker ${index + 1} of ${this.workers.length}: ${why}`));
            };
            const onMessage = (m: FromWorker) => {
              if (m.type === 'error') return fail(m.message);
              if (m.type === type) {
                cleanup();
                resolveReply(m);
              }
            };
            const onError = (err: Error) => fail(err.message);
            const onExit = (code: number) => fail(`exited with code ${code}`);
            w.on('message', onMessage);
            w.on('error', onError);
            w.on('exit', onExit);
          }),
      ),
    );
  }
}
