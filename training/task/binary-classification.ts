/** Binary classification on a logit: weighted sigmoid cross-entropy, judged by log loss and AUC. */
import * as tf from '@tensorflow/tfjs';
import { auc, logLoss } from '../../src/metrics/index.js';
import type { Task } from './task.js';

/**
 * The weighted sum of the logit cross-entropy divided by the whole batch's weight, so that the
 * data-parallel replicas' shares add up to the batch's weighted mean, sum(w l) / sum(w). Exported for
 * the replicas, which run in worker threads.
 */
export function binaryBatchLoss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, w: tf.Tensor, batchWeight: number): tf.Scalar {
  return tf.div(tf.losses.sigmoidCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor, w, undefined, tf.Reduction.SUM), batchWeight) as tf.Scalar;
}

export const BINARY_CLASSIFICATION: Task = {
  name: 'binary-classification',
  outputTransform: 'sigmoid',
  batchLoss: binaryBatchLoss,
  validationLoss: logLoss,
  metrics: { logLoss, auc },
  binaryTargets: true,
};
