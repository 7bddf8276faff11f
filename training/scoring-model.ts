/** A trained network with its preprocessing: feature columns in, purchase probabilities out. */
import type * as tf from '@tensorflow/tfjs';
import { predictProbabilities } from './fit-model.js';
import { applyPreprocessing, type FeatureColumns, type Preprocessing } from './preprocessing.js';

export class ScoringModel {
  constructor(
    readonly network: tf.LayersModel,
    readonly preprocessing: Preprocessing,
  ) {}

  /** Probability of purchase for each of `rows` (indices into `data`), in that order. */
  score(data: FeatureColumns, rows: ArrayLike<number>): Float32Array {
    if (rows.length === 0) return new Float32Array(0);
    return predictProbabilities(this.network, applyPreprocessing(this.preprocessing, data, rows), this.preprocessing.width);
  }

  dispose(): void {
    this.network.dispose();
  }
}
