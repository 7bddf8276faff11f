/**
 * A trained network with its preprocessing: feature columns in, purchase probabilities out (a
 * classifier, output `logit`), or predicted log(1 + yuan) (the value models, outputs `log1p_yuan`
 * and `value_log_scaled`).
 */
import type * as tf from '@tensorflow/tfjs';
import { predictOutputs } from './predict.js';
import type { ModelCard } from './model-card.js';
import { VALUE_LOG_SCALE } from './model-output.js';

export type ModelOutput = ModelCard['output'];
import { applyPreprocessing, type FeatureColumns, type Preprocessing } from './preprocessing.js';

const SCORING_BLOCK = 65_536;

export class ScoringModel {
  constructor(
    readonly network: tf.LayersModel,
    readonly preprocessing: Preprocessing,
    readonly output: ModelOutput = 'logit',
  ) {}

  /**
   * Probability of purchase for each of `rows` (indices into `data`), in that order. Preprocessed a
   * block at a time: a whole snapshot at once would be rows x width floats (340 MB at 100k customers).
   */
  score(data: FeatureColumns, rows: ArrayLike<number>): Float32Array {
    const out = new Float32Array(rows.length);
    for (let start = 0; start < rows.length; start += SCORING_BLOCK) {
      const block = Array.prototype.slice.call(rows, start, Math.min(rows.length, start + SCORING_BLOCK)) as number[];
      out.set(this.scoreInputs(applyPreprocessing(this.preprocessing, data, block)), start);
    }
    return out;
  }

  /** The scores of rows already preprocessed (applyPreprocessing's matrix): what reason attribution varies. */
  scoreInputs(values: Float32Array): Float32Array {
    const scores = predictOutputs(this.network, values, this.preprocessing.width, this.output === 'logit' ? 'sigmoid' : 'identity');
    // The value network's output is log(1 + yuan) / VALUE_LOG_SCALE (model-output.ts).
    if (this.output === 'value_log_scaled') for (let i = 0; i < scores.length; i++) scores[i] *= VALUE_LOG_SCALE;
    return scores;
  }

  dispose(): void {
    this.network.dispose();
  }
}
