/**
 * One replica of the data-parallel trainer (runs in a worker thread). Every step, each replica
 * computes the gradient of its share of the global batch, publishes it in shared memory, waits for
 * the others, sums all shares in worker order and applies the sum with its own Adam. All replicas
 * apply the same numbers in the same order, so their weights stay identical without a parameter
 * server.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../../src/tf-backend/select-backend.js';
import { binaryBatchLoss } from '../task/binary-classification.js';
import { weightPenalty } from '../weight-penalty.js';
import { CONTROL, type FromWorker, type ToWorker, type WorkerInit } from './protocol.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);

try {
  await selectBackend(init.backend as BackendName);
} catch (err) {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
const model = await tf.models.modelFromJSON(JSON.parse(init.topology));
model.setWeights(init.weights.map((w) => tf.tensor(w.values, w.shape)));
const optimizer = tf.train.adam(init.learningRate);
const values = new Float32Array(init.values);
const labels = new Uint8Array(init.labels);
const order = new Int32Array(init.order);
const gradients = new Float32Array(init.gradients);
const losses = new Float64Array(init.losses);
const control = new Int32Array(init.control);
const { width, batchSize, workers, index, parameterCount } = init;
const batchValues = new Float32Array(batchSize * width);
const batchLabels = new Float32Array(batchSize);
const batchWeights = new Float32Array(batchSize);

/** Waits until every replica has arrived (a generation barrier on the shared control words). */
function barrier(): void {
  const generation = Atomics.load(control, CONTROL.generation);
  if (Atomics.add(control, CONTROL.arrived, 1) === workers - 1) {
    Atomics.store(control, CONTROL.arrived, 0);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
  } else {
    while (Atomics.load(control, CONTROL.generation) === generation) Atomics.wait(control, CONTROL.generation, generation);
  }
}

function runEpoch(rows: number, negativeWeight: number): void {
  let lossSum = 0;
  let names: string[] | null = null;
  for (let start = 0, step = 0; start < rows; start += batchSize, step++) {
    const size = Math.min(batchSize, rows - start);
    // The whole batch's weight, so that the replicas' sums add up to the batch's weighted mean.
    let totalWeight = 0;
    for (let i = start; i < start + size; i++) totalWeight += labels[order[i]] === 1 ? 1 : negativeWeight;
    const from = start + Math.floor((index * size) / workers);
    const to = start + Math.floor(((index + 1) * size) / workers);
    const part = to - from;
    for (let i = 0; i < part; i++) {
      const row = order[from + i];
      batchValues.set(values.subarray(row * width, (row + 1) * width), i * width);
      batchLabels[i] = labels[row];
      batchWeights[i] = labels[row] === 1 ? 1 : negativeWeight;
    }
    const { value, grads } = tf.variableGrads(() => {
      const x = tf.tensor2d(batchValues.subarray(0, part * width), [part, width]);
      const y = tf.tensor2d(batchLabels.subarray(0, part), [part, 1]);
      const w = tf.tensor2d(batchWeights.subarray(0, part), [part, 1]);
      const data = binaryBatchLoss(model, x, y, w, totalWeight);
      // Each replica carries 1/workers of the penalty, so the sum carries it once.
      const penalty = weightPenalty(model);
      return (penalty ? tf.add(data, tf.div(penalty, workers)) : data) as tf.Scalar;
    });
    names ??= Object.keys(grads).sort();
    lossSum += value.dataSync()[0] * totalWeight;
    value.dispose();
    // Two gradient areas used in turn: a replica can be one step ahead of another, never two.
    const area = (step % 2) * workers * parameterCount;
    let offset = area + index * parameterCount;
    for (const name of names) {
      const g = grads[name].dataSync() as Float32Array;
      gradients.set(g, offset);
      offset += g.length;
    }
    barrier();
    const summed: Array<{ name: string; tensor: tf.Tensor }> = [];
    offset = 0;
    for (const name of names) {
      const shape = grads[name].shape;
      const n = grads[name].size;
      const total = new Float32Array(n);
      for (let k = 0; k < workers; k++) {
        const base = area + k * parameterCount + offset;
        for (let j = 0; j < n; j++) total[j] += gradients[base + j];
      }
      summed.push({ name, tensor: tf.tensor(total, shape) });
      offset += n;
    }
    optimizer.applyGradients(summed);
    tf.dispose([...Object.values(grads), ...summed.map((g) => g.tensor)]);
    if (index === 0) Atomics.store(control, CONTROL.rowsDone, start + size);
  }
  losses[index] = lossSum;
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'close') {
    port.close();
    return;
  }
  try {
    runEpoch(m.rows, m.negativeWeight);
    send({ type: 'epoch-done', weights: index === 0 ? model.getWeights().map((w) => w.dataSync() as Float32Array) : null });
  } catch (err) {
    send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
send({ type: 'ready' });
