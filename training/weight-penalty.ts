/**
 * The L2 penalty of a network's kernels, as a scalar to add to the batch loss. A functional tfjs
 * model (tf.model) reports no `losses` of its own: each layer keeps its regulariser's loss, so they
 * are gathered from the layers (reading `model.losses` left every penalty out until issue 17).
 */
import * as tf from '@tensorflow/tfjs';

/** The sum of every layer's regularisation losses, or null when the network has none. Call inside a gradient or tidy scope. */
export function weightPenalty(model: tf.LayersModel): tf.Scalar | null {
  const terms = model.layers.flatMap((layer) => layer.losses);
  if (terms.length === 0) return null;
  return tf.addN(terms.map((loss) => (typeof loss === 'function' ? loss() : loss))) as tf.Scalar;
}
