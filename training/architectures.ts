/**
 * The classifiers compared in the ablation, all built from stock tfjs layers so that a saved model
 * loads on any backend without custom classes. Each outputs a logit (the loss works on logits,
 * which is stable; scoring applies the sigmoid).
 *
 * - `mlp`: ReLU layers (the default, see DEFAULT_ARCHITECTURE).
 * - `logistic`: one dense unit, the linear baseline.
 * - `dcn`: DCN-V2 (Wang et al. 2021), cross layers beside an MLP. Each cross layer computes
 *   x_{l+1} = x_0 * (U (V x_l) + b) + x_l with a low-rank U V (rank r), the paper's cheaper form:
 *   every layer adds one more order of explicit feature crosses, which the case relied on.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_ARCHITECTURE_OPTIONS, type Architecture, type ArchitectureOptions } from '../src/model-directory/architecture.js';

export function buildModel(
  architecture: Architecture,
  inputWidth: number,
  seed: number,
  options: ArchitectureOptions = DEFAULT_ARCHITECTURE_OPTIONS,
): tf.LayersModel {
  // Every layer gets its own seed derived from the model's, so one seed fixes all initial weights.
  let layerSeed = seed * 1000;
  const dense = (units: number, name: string, config: { activation?: 'relu' | 'linear'; useBias?: boolean } = {}) =>
    tf.layers.dense({
      units,
      name,
      activation: config.activation ?? 'linear',
      useBias: config.useBias ?? true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: ++layerSeed }),
      kernelRegularizer: options.l2 > 0 ? tf.regularizers.l2({ l2: options.l2 }) : undefined,
    });

  const input = tf.input({ shape: [inputWidth], name: 'features' });
  let top: tf.SymbolicTensor;
  if (architecture === 'logistic') {
    top = input;
  } else {
    let deep: tf.SymbolicTensor = input;
    options.hidden.forEach((units, k) => {
      deep = dense(units, `deep_${k + 1}`, { activation: 'relu' }).apply(deep) as tf.SymbolicTensor;
    });
    if (architecture === 'mlp' || options.crossLayers === 0) {
      top = deep;
    } else {
      let cross: tf.SymbolicTensor = input;
      for (let k = 1; k <= options.crossLayers; k++) {
        const low = dense(options.crossRank, `cross_${k}_v`, { useBias: false }).apply(cross) as tf.SymbolicTensor;
        const back = dense(inputWidth, `cross_${k}_u`).apply(low) as tf.SymbolicTensor;
        const interaction = tf.layers.multiply({ name: `cross_${k}_x0` }).apply([input, back]) as tf.SymbolicTensor;
        cross = tf.layers.add({ name: `cross_${k}` }).apply([interaction, cross]) as tf.SymbolicTensor;
      }
      top = tf.layers.concatenate({ name: 'cross_and_deep' }).apply([cross, deep]) as tf.SymbolicTensor;
    }
  }
  const logit = dense(1, 'logit').apply(top) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logit, name: architecture });
}
