/**
 * What the data-parallel trainer and its workers share: the start-up data, the messages, and the
 * layout of the shared control words. One place, so both sides read it the same way.
 */

export interface WorkerInit {
  index: number;
  workers: number;
  backend: string;
  /** The model's topology (model.toJSON) and its current weights, so every replica starts equal. */
  topology: string;
  weights: Array<{ shape: number[]; values: Float32Array }>;
  width: number;
  batchSize: number;
  learningRate: number;
  /** Shared memory: the input matrix, labels, each epoch's row order, gradients, losses, control words. */
  values: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  order: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
  losses: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** Number of floats in one replica's flattened gradients. */
  parameterCount: number;
}

export type ToWorker = { type: 'epoch'; rows: number; negativeWeight: number } | { type: 'close' };

export type FromWorker = { type: 'ready' } | { type: 'epoch-done'; weights: Float32Array[] | null } | { type: 'error'; message: string };

/** Int32 words of the control buffer. */
export const CONTROL = {
  /** Barrier: workers arrived in the current generation. */
  arrived: 0,
  /** Barrier generation, bumped when the last worker arrives. */
  generation: 1,
  /** Rows of the current epoch done (written by worker 0, read for progress). */
  rowsDone: 2,
  length: 4,
} as const;
