/** Backend choice at run time, and the same model giving the same scores on wasm and cpu. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/tf-backend/select-backend.js';

/** A small MLP with fixed weights, as the ranker will be: scores for fixed inputs. */
async function scoresOn(backend: 'wasm' | 'cpu'): Promise<Float32Array> {
  await selectBackend(backend);
  return tf
    .tidy(() => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [12], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      const x = tf.tensor2d(
        Array.from({ length: 64 * 12 }, (_, i) => Math.sin(i * 0.37) * 3),
        [64, 12],
      );
      return model.predict(x) as tf.Tensor;
    })
    .data() as Promise<Float32Array>;
}

describe('selectBackend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('falls back from tfjs-node to wasm when tfjs-node is not installed, and says why', async () => {
    const nodeInstalled = await import('@tensorflow/tfjs-node' as string).then(
      () => true,
      () => false,
    );
    const choice = await selectBackend('auto');
    if (nodeInstalled) {
      expect(choice.name).toBe('tensorflow');
    } else {
      expect(choice.name).toBe('wasm');
      expect(choice.skipped[0]).toMatch(/^tensorflow: /);
      expect(choice.details).toContain('wasm SIMD: yes');
    }
    expect(tf.getBackend()).toBe(choice.name);
  });

  it('refuses an unknown backend and one that cannot start when asked by name', async () => {
    await expect(selectBackend('gpu' as never)).rejects.toThrow('unknown TensorFlow.js backend "gpu"');
    const nodeInstalled = await import('@tensorflow/tfjs-node' as string).then(
      () => true,
      () => false,
    );
    if (!nodeInstalled) await expect(selectBackend('tensorflow')).rejects.toThrow(/^TensorFlow\.js backend tensorflow: /);
  });

  it('gives the same scores on wasm and cpu to 1e-5', async () => {
    const wasm = await scoresOn('wasm');
    const cpu = await scoresOn('cpu');
    expect(wasm.length).toBe(64);
    let worst = 0;
    for (let i = 0; i < wasm.length; i++) worst = Math.max(worst, Math.abs(wasm[i] - cpu[i]));
    expect(worst).toBeLessThan(1e-5);
    expect(new Set(Array.from(cpu, (v) => v.toFixed(3))).size).toBeGreaterThan(10); // not a constant output
  });
});
