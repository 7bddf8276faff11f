/** A trained network with its preprocessing: feature columns in, purchase probabilities out. */
import type * as tf from '@tensorflow/tfjs';
import { predictProbabilities } from './fit-model.js';
import { applyPreprocessing, type FeatureColumns, type Preprocessing } from './preprocessing.js';

const SCORING_BLOCK = 65_536;

export class ScoringModel {
  constructor(
    readonly network: tf.LayersModel,
    readonly preprocessing: Preprocessing,
  ) {}

  /**
   * Probability of purchase for each of `rows` (indices into `data`), in that order. Preprocessed a
   * block at a time: a whole snapshot at once would be rows x width floats (340 MB at 100k customers).
   */
  score(data: FeatureColumns, rows: ArrayLike<number>): Float32Array {
    const out = new Float32Array(rows.length);
    for (let start = 0; start < rows.length; start += SCORING_BLOCK) {
      const block = Array.prototype.slice.call(rows, start, Math.min(rows.length, start + SCORING_BLOCK)) as number[];
      out.set(predictProbabilities(this.network, applyPreprocessing(this.preprocessing, data, block), this.preprocessing.width), start);
    }
    return out;
  }

  dispose(): void {
    this.network.dispose();
  }
}
