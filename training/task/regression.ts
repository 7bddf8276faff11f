/**
 * Regression on a continuous target (the value model's log(1 + yuan)). `squared` error makes the
 * forecast a conditional mean (what R² rewards); `absolute` error a conditional median (what MAE
 * rewards): on a target that is 0 for most customers the two differ.
 */
import * as tf from '@tensorflow/tfjs';
import { meanAbsoluteError, meanSquaredError, rSquared } from '../../src/metrics/index.js';
import type { Task } from './task.js';

export type RegressionLoss = 'squared' | 'absolute';

const METRICS = { meanAbsoluteError, rSquared, meanSquaredError };

export const REGRESSION: Readonly<Record<RegressionLoss, Task>> = {
  squared: {
    name: 'regression-squared',
    outputTransform: 'identity',
    batchLoss: (model, x, y, w, batchWeight) =>
      tf.div(tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor, w, tf.Reduction.SUM), batchWeight) as tf.Scalar,
    validationLoss: meanSquaredError,
    metrics: METRICS,
    binaryTargets: false,
  },
  absolute: {
    name: 'regression-absolute',
    outputTransform: 'identity',
    batchLoss: (model, x, y, w, batchWeight) =>
      tf.div(tf.losses.absoluteDifference(y, model.apply(x, { training: true }) as tf.Tensor, w, tf.Reduction.SUM), batchWeight) as tf.Scalar,
    validationLoss: meanAbsoluteError,
    metrics: METRICS,
    binaryTargets: false,
  },
};
