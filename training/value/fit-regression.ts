/**
 * The value model's training loop: mean squared error on log(1 + yuan), Adam, seeded shuffling,
 * early stopping on a validation day and the best epoch's weights kept: the same discipline as the
 * classifier's loop (fit-model.ts), for a continuous target and without its negative sampling.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/random.js';
import { BestEpoch } from '../best-epoch.js';
import type { FitOptions, FitResult } from '../fit-model.js';

export interface RegressionMatrix {
  /** Row-major values, rows x width. */
  values: Float32Array;
  width: number;
  targets: Float32Array;
}

/**
 * `squared` error makes the forecast a conditional mean (what R² rewards); `absolute` error a
 * conditional median (what MAE rewards): on a target that is 0 for most customers the two differ.
 */
export type RegressionLoss = 'squared' | 'absolute';

export async function fitRegression(model: tf.LayersModel, train: RegressionMatrix, valid: RegressionMatrix, options: FitOptions & { loss?: RegressionLoss }): Promise<FitResult> {
  const lossKind = options.loss ?? 'squared';
  const n = train.targets.length;
  if (n === 0) throw new Error('no training rows');
  if (valid.targets.length === 0) throw new Error('no validation rows: early stopping needs a day before the test day');
  const { batchSize } = options;
  const { width } = train;
  const rng = Rng.fromSeed(options.seed).fork('shuffle');
  const optimizer = tf.train.adam(options.learningRate);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const batchValues = new Float32Array(batchSize * width);
  const batchTargets = new Float32Array(batchSize);
  const history: FitResult['history'] = [];
  const best = new BestEpoch(options.patience);
  let seconds = 0;
  try {
    for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
      const started = performance.now();
      rng.shuffle(order);
      let lossSum = 0;
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        for (let i = 0; i < size; i++) {
          const row = order[start + i];
          batchValues.set(train.values.subarray(row * width, (row + 1) * width), i * width);
          batchTargets[i] = train.targets[row];
        }
        const loss = tf.tidy(() => {
          const x = tf.tensor2d(batchValues.subarray(0, size * width), [size, width]);
          const y = tf.tensor2d(batchTargets.subarray(0, size), [size, 1]);
          return optimizer.minimize(() => {
            const predicted = model.apply(x, { training: true }) as tf.Tensor;
            const data = (lossKind === 'squared' ? tf.losses.meanSquaredError(y, predicted) : tf.losses.absoluteDifference(y, predicted)) as tf.Scalar;
            return model.losses.length > 0 ? (tf.addN([data, ...model.losses.map((f) => f())]) as tf.Scalar) : data;
          }, true)!;
        });
        lossSum += (await loss.data())[0] * size;
        loss.dispose();
        options.onBatch?.(start + size, n);
      }
      const validLoss = validationLoss(model, valid, lossKind);
      const epochSeconds = (performance.now() - started) / 1000;
      seconds += epochSeconds;
      const record = { epoch, trainLoss: lossSum / n, validLoss, seconds: epochSeconds };
      history.push(record);
      options.onEpoch?.(record, options.maxEpochs);
      if (best.observe(epoch, validLoss, model)) break;
    }
    best.restore(model);
  } finally {
    best.dispose();
    optimizer.dispose();
  }
  return { history, bestEpoch: best.epoch, bestValidLoss: best.loss, rowsPerSecond: (n * history.length) / seconds };
}

function validationLoss(model: tf.LayersModel, m: RegressionMatrix, loss: RegressionLoss): number {
  const rows = m.targets.length;
  let sum = 0;
  const chunk = 8192;
  for (let start = 0; start < rows; start += chunk) {
    const size = Math.min(chunk, rows - start);
    const predicted = tf.tidy(() => model.predict(tf.tensor2d(m.values.subarray(start * m.width, (start + size) * m.width), [size, m.width]), { batchSize: size }) as tf.Tensor);
    const p = predicted.dataSync();
    predicted.dispose();
    for (let i = 0; i < size; i++) sum += loss === 'squared' ? (p[i] - m.targets[start + i]) ** 2 : Math.abs(p[i] - m.targets[start + i]);
  }
  return sum / rows;
}
