/**
 * A listwise objective beside the pointwise one, for the recommender: each batch holds whole
 * purchase occasions laid out [occasions x slots], padded with masked slots, and the loss adds to
 * the rows' sigmoid cross-entropy a softmax cross-entropy over each occasion's eligible products.
 * The softmax asks the network to rank the products of one shelf against each other, which is what
 * MRR judges; the pointwise term keeps the outputs calibrated probabilities, which logloss, the
 * campaign thresholds and expected-coverage figures need. No gather op: padding and masks keep the
 * batch rectangular, so it trains on wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { auc, logLoss } from '../../src/metrics/index.js';
import type { Task } from './task.js';

/**
 * The recommender's default weight (`wealthrec train --listwise-weight`): on the 100k bank, 3 seeds,
 * it raised MRR by about 0.008 and AUC by 0.001 over the pointwise loss alone (the recommender
 * ablation in BENCHMARKS.md). The demand and value models never train listwise.
 */
export const DEFAULT_LISTWISE_WEIGHT = 1;

/** What a masked slot's logit becomes: far below any real one, so its softmax share is 0. */
const MASKED_LOGIT = -1e9;

/**
 * y: [occasions, slots] 0/1 labels; mask: [occasions, slots], 1 for a real row, 0 for padding. The
 * softmax target spreads an occasion's weight evenly over what was bought; an occasion where nothing
 * eligible was bought adds no listwise term. Returns the listwise cross-entropy summed over occasions.
 */
export function occasionSoftmaxLoss(logits: tf.Tensor2D, y: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const masked = tf.add(tf.mul(logits, mask), tf.mul(tf.sub(1, mask), MASKED_LOGIT));
    const logProbabilities = tf.logSoftmax(masked);
    // An occasion with no purchase has y = 0 and so a zero target; the max only avoids 0/0.
    const target = tf.div(y, tf.maximum(tf.sum(y, 1, true), 1));
    return tf.neg(tf.sum(tf.mul(target, logProbabilities))) as tf.Scalar;
  });
}

/**
 * The task: (sum of the rows' masked sigmoid cross-entropy) / batchWeight + weight x (mean listwise
 * cross-entropy over the occasions with a purchase). The fit loop lays batches out as occasions x
 * slots when `occasionBatches` is set and passes y and the mask with that shape.
 */
export function listwiseRanking(weight: number): Task {
  if (!(weight > 0)) throw new Error(`the listwise weight must be above 0, got ${weight}`);
  return {
    name: 'listwise-ranking',
    outputTransform: 'sigmoid',
    batchLoss: (model, x, y, mask, batchWeight) =>
      tf.tidy(() => {
        const logits = tf.reshape(model.apply(x, { training: true }) as tf.Tensor, [y.shape[0]!, y.shape[1]!]) as tf.Tensor2D;
        const pointwise = tf.div(tf.losses.sigmoidCrossEntropy(y, logits, mask, undefined, tf.Reduction.SUM), batchWeight);
        const occasions = tf.sum(tf.cast(tf.greater(tf.sum(y, 1), 0), 'float32'));
        const listwise = tf.div(occasionSoftmaxLoss(logits, y as tf.Tensor2D, mask as tf.Tensor2D), tf.maximum(occasions, 1));
        return tf.add(pointwise, tf.mul(listwise, weight)) as tf.Scalar;
      }),
    validationLoss: logLoss,
    metrics: { logLoss, auc },
    binaryTargets: true,
    occasionBatches: true,
  };
}
