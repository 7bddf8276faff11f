/**
 * A worker thread of the snapshot scoring pool (score-snapshot-pool.ts): loads the champion from
 * its model directory (verified as every load is), opens the snapshot, scores the record batches it
 * is given and posts each back, its arrays transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readModelDirectory } from '../src/model-directory/model-directory.js';
import { selectBackend, type BackendName } from '../src/tf-backend/select-backend.js';
import { openWideTableFile } from '../src/wide-table/index.js';
import { scoreSnapshotBatch } from './score-snapshot-batch.js';
import type { PoolMessage, PoolWork } from './score-snapshot-pool.js';

const work = workerData as PoolWork;
const port = parentPort!;
const send = (message: PoolMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  await selectBackend(work.backend as BackendName);
  const model = await readModelDirectory(work.modelDirectory);
  const file = await openWideTableFile(work.path, { verify: 'required' });
  try {
    for (const index of work.batches) {
      const scored = scoreSnapshotBatch(await file.batch(index), file.header.features, model.scoring, work.path, work.reasons);
      send({ type: 'batch', index, scored }, [
        scored.runLengths.buffer,
        scored.customerRisk.buffer,
        scored.productOfRow.buffer,
        scored.scores.buffer,
        scored.reasons.codes.buffer,
        scored.reasons.values.buffer,
      ] as ArrayBuffer[]);
    }
  } finally {
    await file.close();
    model.scoring.dispose();
  }
  send({ type: 'done' });
} catch (err) {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
