/** A network's outputs for a matrix of rows: what scoring and validation both run. */
import * as tf from '@tensorflow/tfjs';

/** Probabilities for every row of `m`, in chunks so that memory stays flat. */
export function predictProbabilities(model: tf.LayersModel, values: Float32Array, width: number): Float32Array {
  return predictOutputs(model, values, width, 'sigmoid');
}

/** The network's output for every row, through the sigmoid (a classifier's logit) or as it is (a regression). */
export function predictOutputs(model: tf.LayersModel, values: Float32Array, width: number, transform: 'sigmoid' | 'identity'): Float32Array {
  const rows = values.length / width;
  const out = new Float32Array(rows);
  const chunk = 8192;
  for (let start = 0; start < rows; start += chunk) {
    const size = Math.min(chunk, rows - start);
    const scores = tf.tidy(() => {
      const x = tf.tensor2d(values.subarray(start * width, (start + size) * width), [size, width]);
      // predict's default batch of 32 splits the chunk into 256 pieces and concatenates them: 29x
      // slower on wasm (9k against 264k rows/s at 8,192 rows). One batch per chunk.
      const y = model.predict(x, { batchSize: size }) as tf.Tensor;
      return transform === 'sigmoid' ? tf.sigmoid(y) : y;
    });
    out.set(scores.dataSync() as Float32Array, start);
    scores.dispose();
  }
  return out;
}
