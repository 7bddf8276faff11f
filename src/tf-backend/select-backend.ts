/**
 * Picks the TensorFlow.js backend at run time: tfjs-node when it is installed (it cannot install
 * where libtensorflow cannot be downloaded), otherwise wasm (SIMD, one thread in Node; no
 * UnsortedSegmentSum, so no trainable embeddings), otherwise the plain JavaScript cpu backend.
 * Reports and saved models record the choice.
 */
import * as tf from '@tensorflow/tfjs';
import { patchWasmTransposedMatMul } from './wasm-transposed-matmul.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendChoice {
  name: BackendName;
  /** Facts worth reporting, e.g. `wasm SIMD: yes`. */
  details: string[];
  /** Why each faster backend was not used. */
  skipped: string[];
}

const ORDER: BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Loads a backend's package and makes it current; throws with the reason when it cannot. */
async function activate(name: BackendName): Promise<string[]> {
  if (name === 'tensorflow') {
    // Optional dependency: a missing package is the normal case on machines without internet.
    await import('@tensorflow/tfjs-node' as string);
  }
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') refused`);
  await tf.ready();
  if (name === 'wasm') {
    patchWasmTransposedMatMul();
    return [
      `wasm SIMD: ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'yes' : 'no'}`,
      `wasm threads: ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'yes' : 'no'}`,
      'transposed matmuls pre-transposed (training/wasm-transposed-matmul.ts)',
    ];
  }
  return [];
}

/**
 * Uses `requested` (or WEALTHREC_TF_BACKEND, or the best available when 'auto'). A backend asked for
 * by name must work; 'auto' falls through tensorflow -> wasm -> cpu.
 */
export async function selectBackend(
  requested: BackendName | 'auto' = (process.env.WEALTHREC_TF_BACKEND as BackendName | undefined) ?? 'auto',
): Promise<BackendChoice> {
  if (requested !== 'auto' && !ORDER.includes(requested)) {
    throw new Error(`unknown TensorFlow.js backend "${requested}": expected one of ${ORDER.join(', ')} or auto`);
  }
  const candidates = requested === 'auto' ? ORDER : [requested];
  const skipped: string[] = [];
  for (const name of candidates) {
    try {
      const details = await activate(name);
      return { name, details, skipped };
    } catch (err) {
      const reason = `${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
      if (requested !== 'auto') throw new Error(`TensorFlow.js backend ${reason}`);
      skipped.push(reason);
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.join('; ')}`);
}
