/**
 * The wasm backend's BatchMatMul is ~10x slower when asked to transpose an operand (84 ms against
 * 8 ms for a 4096x150 by 150x128 product, in a one-off micro-benchmark during development), and
 * every dense layer's gradient asks for exactly that; bench/training-speed.ts measures what this
 * patch does to a training epoch. Transposing explicitly first (~5 ms) and multiplying plainly is far
 * cheaper, so this replaces the kernel with one that does so. Results are identical: the same
 * products are summed in the same order.
 */
import * as tf from '@tensorflow/tfjs';

let patched = false;

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}

export function patchWasmTransposedMatMul(): void {
  if (patched) return;
  for (const kernelName of ['BatchMatMul', '_FusedMatMul']) {
    const original = tf.getKernel(kernelName, 'wasm');
    const transpose = tf.getKernel('Transpose', 'wasm');
    if (!original || !transpose) continue;
    const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend, attrs });
      const temporaries: TensorInfoLike[] = [];
      const flip = (t: TensorInfoLike): TensorInfoLike => {
        const rank = t.shape.length;
        const perm = [...Array(rank).keys()];
        [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
        const flipped = transpose.kernelFunc({ inputs: { x: t } as unknown as tf.NamedTensorInfoMap, backend, attrs: { perm } }) as TensorInfoLike;
        temporaries.push(flipped);
        return flipped;
      };
      const named = inputs as unknown as Record<string, TensorInfoLike>;
      const rewritten = { ...named, a: transposeA ? flip(named.a) : named.a, b: transposeB ? flip(named.b) : named.b };
      try {
        return original.kernelFunc({
          inputs: rewritten as unknown as tf.NamedTensorInfoMap,
          backend,
          attrs: { ...attrs, transposeA: false, transposeB: false },
        });
      } finally {
        for (const t of temporaries) (backend as tf.KernelBackend).disposeData(t.dataId as tf.DataId);
      }
    };
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...original, kernelFunc });
  }
  patched = true;
}
