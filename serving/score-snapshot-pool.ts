/**
 * Scores a snapshot's record batches on several threads: wasm runs one thread per isolate, so
 * worker threads are how loading uses more than one core (a 1M-customer snapshot took 38 s on one).
 * Batch i goes to thread i mod threads, this one included; the results are appended in file order,
 * as each next one arrives, so the snapshot is the same whatever the thread count.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from '../src/model-directory/model-directory.js';
import type { WideTableFile } from '../src/wide-table/index.js';
import { scoreSnapshotBatch, type ScoredBatch } from './score-snapshot-batch.js';

export interface PoolWork {
  path: string;
  modelDirectory: string;
  backend: string;
  batches: number[];
  /** Attribute reasons to the rows (src/reasons/). */
  reasons: boolean;
}

export type PoolMessage = { type: 'batch'; index: number; scored: ScoredBatch } | { type: 'done' } | { type: 'error'; message: string };

/** The compiled worker. Under vitest this module runs from source, so the worker comes from dist/. */
function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return join(dirname(here), 'score-snapshot-worker.js');
  const built = resolve(dirname(here), '../dist/serving/score-snapshot-worker.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build (the snapshot scoring workers run compiled)`);
  return built;
}

export interface PoolOptions {
  file: WideTableFile;
  path: string;
  model: LoadedModel;
  threads: number;
  backend?: string;
  reasons: boolean;
  /** Every batch on worker threads, none on this one: the server keeps answering meanwhile (reasons after readiness). */
  offMainThread?: boolean;
  append: (scored: ScoredBatch) => void;
}

export async function scoreBatchesOnWorkers(options: PoolOptions): Promise<void> {
  const { file, threads } = options;
  const share = (thread: number) => Array.from({ length: file.batchCount }, (_, i) => i).filter((i) => i % threads === thread);
  const ready = new Map<number, ScoredBatch>();
  let next = 0;
  const arrived = (index: number, scored: ScoredBatch) => {
    ready.set(index, scored);
    for (let batch = ready.get(next); batch; batch = ready.get(next)) {
      ready.delete(next);
      options.append(batch);
      next++;
    }
  };
  // Thread 0 is this one, unless it stays free: then the workers take every share.
  const first = options.offMainThread ? 0 : 1;
  const workers = Array.from({ length: threads - first }, (_, k) => {
    const work: PoolWork = {
      path: options.path,
      modelDirectory: options.model.directory,
      backend: options.backend ?? tf.getBackend(),
      batches: share(k + first),
      reasons: options.reasons,
    };
    return new Worker(workerPath(), { workerData: work });
  });
  const finished = workers.map(
    (worker, k) =>
      new Promise<void>((resolvePromise, reject) => {
        worker.on('message', (m: PoolMessage) => {
          if (m.type === 'batch') arrived(m.index, m.scored);
          else if (m.type === 'done') resolvePromise();
          else reject(new Error(`snapshot scoring thread ${k + 1}: ${m.message}`));
        });
        worker.on('error', (err) => reject(new Error(`snapshot scoring thread ${k + 1}: ${err.message}`)));
        worker.on('exit', (code) => code !== 0 && reject(new Error(`snapshot scoring thread ${k + 1} exited with code ${code}`)));
      }),
  );
  try {
    // This thread's share, between the workers' messages (each batch yields to the event loop).
    for (const index of first === 1 ? share(0) : []) {
      arrived(index, scoreSnapshotBatch(await file.batch(index), file.header.features, options.model.scoring, options.path, options.reasons));
      await new Promise<void>((r) => setImmediate(r));
    }
    await Promise.all(finished);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (next !== file.batchCount) throw new Error(`snapshot scoring ended with ${next} of ${file.batchCount} record batches`);
}
