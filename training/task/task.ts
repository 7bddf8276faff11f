/**
 * A learning task: the loss the training loop minimises, bundled with the metrics that judge it, so
 * that early stopping, evaluation and reports all use the same definitions. Binary classification
 * (the recommender's choice and the demand model), listwise ranking (the recommender's occasions)
 * and regression (the value model).
 */
import type * as tf from '@tensorflow/tfjs';

/** A metric of (targets, predictions), from src/metrics; lower is not always better (AUC, R²). */
export type Metric = (targets: ArrayLike<number>, predictions: ArrayLike<number>) => number;

export interface Task {
  readonly name: 'binary-classification' | 'listwise-ranking' | 'regression-squared' | 'regression-absolute';
  /** How the network's raw output becomes the prediction the metrics read: sigmoid of a logit, or as it is. */
  readonly outputTransform: 'sigmoid' | 'identity';
  /**
   * The loss of one batch as the optimiser sees it: sum(w l) / batchWeight, where batchWeight is the
   * weight of the whole batch (a data-parallel replica sees only its share of the rows).
   */
  batchLoss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, w: tf.Tensor, batchWeight: number): tf.Scalar;
  /** What early stopping minimises on the validation rows: the mean of the loss above, through src/metrics. */
  readonly validationLoss: Metric;
  /** The metrics that judge the task beside its loss, by name, in report order. */
  readonly metrics: Readonly<Record<string, Metric>>;
  /** Targets are 0/1 labels: the loop may sample negatives. */
  readonly binaryTargets: boolean;
  /**
   * Batches hold whole occasions (the matrix's `occasionStarts`), laid out [occasions x slots] with
   * padding: y and w reach batchLoss with that shape, w being 1 for a real row and 0 for padding.
   */
  readonly occasionBatches?: boolean;
}
