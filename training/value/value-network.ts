/**
 * The value network, the case's two steps in one (section 3.2: will the customer buy in the next
 * period, and how much if so): shared ReLU layers, then a buy head and an amount head, both
 * sigmoids, multiplied. Its output times VALUE_LOG_SCALE is the forecast log(1 + yuan), so it is
 * bounded (0 .. VALUE_LOG_SCALE) and cannot extrapolate to absurd amounts on unusual inputs, which
 * an unbounded regression did (R² below 0 on the synthetic bank). Stock layers only: it loads on
 * every backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureOptions } from '../../src/model-directory/architecture.js';

export function buildValueNetwork(inputWidth: number, seed: number, options: ArchitectureOptions): tf.LayersModel {
  let layerSeed = seed * 1000;
  const dense = (units: number, name: string, activation: 'relu' | 'sigmoid') =>
    tf.layers.dense({
      units,
      name,
      activation,
      kernelInitializer: tf.initializers.glorotUniform({ seed: ++layerSeed }),
      kernelRegularizer: options.l2 > 0 ? tf.regularizers.l2({ l2: options.l2 }) : undefined,
    });
  const input = tf.input({ shape: [inputWidth], name: 'features' });
  let deep: tf.SymbolicTensor = input;
  options.hidden.forEach((units, k) => {
    deep = dense(units, `deep_${k + 1}`, 'relu').apply(deep) as tf.SymbolicTensor;
  });
  const buys = dense(1, 'buys', 'sigmoid').apply(deep) as tf.SymbolicTensor;
  const amount = dense(1, 'amount_if_bought', 'sigmoid').apply(deep) as tf.SymbolicTensor;
  const value = tf.layers.multiply({ name: 'value_over_scale' }).apply([buys, amount]) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: value, name: 'value' });
}
