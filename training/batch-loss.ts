/**
 * The loss every training step minimises, shared by the in-thread loop and the parallel replicas:
 * the weighted sum of the logit cross-entropy divided by the whole batch's weight, so that the
 * replicas' shares add up to the batch's weighted mean, sum(w l) / sum(w).
 */
import * as tf from '@tensorflow/tfjs';

export function weightedBatchLoss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, w: tf.Tensor, batchWeight: number): tf.Scalar {
  return tf.div(tf.losses.sigmoidCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor, w, undefined, tf.Reduction.SUM), batchWeight) as tf.Scalar;
}
