/** Writes the wide table, the one contract between the feature stage and training, as an Arrow IPC file or a CSV. */
import { FEATURES, CATEGORY_FEATURES, NUMBER_FEATURES } from './feature-set.js';
import { openArrowFormat } from './arrow-writer.js';
import type { WideTableBatch } from './batch.js';
import { openCsvFormat } from './csv-writer.js';
import { hasAmountLabel, isLabelled, type WideTableMeta } from './meta.js';
import { wideTableSchema } from './schema.js';

export type { WideTableMeta } from './meta.js';

export interface WideTableWriter {
  /** Appends the batch's rows; resolves when the batch's arrays may be reused. Await each call before the next. */
  write(batch: WideTableBatch): Promise<void>;
  /** Finishes the file and renames it from `path.partial` to `path`. */
  close(): Promise<{ rows: number; batches: number }>;
  /** Gives up: deletes the partial file. Call it when building the rows fails; close() must not follow. */
  abort(): Promise<void>;
}

/** Rows per Arrow record batch: bigger batches are split, so a reader never holds more than this at once. */
export const MAX_BATCH_ROWS = 65_536;

/**
 * Opens `path.partial` for writing; close() renames it to `path`. `batches` in the summary counts the
 * record batches in the file (each write of more than MAX_BATCH_ROWS rows makes several); the CSV
 * reports the same count.
 */
export async function openWideTableWriter(path: string, format: 'arrow' | 'csv', meta: WideTableMeta): Promise<WideTableWriter> {
  const schema = wideTableSchema(meta, FEATURES);
  const out = format === 'arrow' ? await openArrowFormat(path, schema) : await openCsvFormat(path, schema.names.map(String));
  let rows = 0;
  let batches = 0;
  let state: 'open' | 'busy' | 'closed' | 'failed' = 'open';

  const guard = (action: string) => {
    if (state !== 'open')
      throw new Error(`cannot ${action} ${path}: the wide-table writer is ${state === 'busy' ? 'still writing (await each write)' : state}`);
  };
  const fail = async (err: unknown): Promise<never> => {
    state = 'failed';
    await out.abort();
    throw err;
  };

  return {
    async write(batch) {
      guard('write to');
      checkBatch(batch, meta.kind);
      state = 'busy';
      try {
        for (let from = 0; from < batch.length; from += MAX_BATCH_ROWS) {
          await out.write(batch, from, Math.min(batch.length, from + MAX_BATCH_ROWS));
          batches++;
        }
      } catch (err) {
        return fail(err);
      }
      rows += batch.length;
      state = 'open';
    },
    async close() {
      guard('close');
      state = 'busy';
      try {
        await out.close();
      } catch (err) {
        return fail(err);
      }
      state = 'closed';
      return { rows, batches };
    },
    async abort() {
      if (state === 'closed' || state === 'failed') return;
      state = 'failed';
      await out.abort();
    },
  };
}

/** A batch whose shape disagrees with the feature list would shift every column after the fault. */
function checkBatch(batch: WideTableBatch, kind: WideTableMeta['kind']): void {
  const n = batch.length;
  const problems: string[] = [];
  if (!Number.isInteger(n) || n < 0) problems.push(`length must be a whole number, got ${n}`);
  if (batch.customerIds.length < n || batch.productIds.length < n) problems.push(`customerIds and productIds need ${n} entries`);
  if (batch.asOf.length < n) problems.push(`asOf holds ${batch.asOf.length} days for ${n} rows`);
  if (isLabelled(kind) && (!batch.labels || batch.labels.length < n)) problems.push(`a ${kind} table needs a label for every row`);
  if (!isLabelled(kind) && batch.labels) problems.push('a snapshot has no labels (create its batches with withLabels false)');
  if (isLabelled(kind) && batch.labels && hasAmountLabel(kind) !== batch.labels instanceof Float32Array)
    problems.push(`a ${kind} table's labels are ${hasAmountLabel(kind) ? 'amounts (Float32Array)' : '0/1 (Int8Array)'}`);
  if (batch.numbers.length !== NUMBER_FEATURES.length || batch.numbers.some((c) => c.length < n)) {
    problems.push(`numbers must be ${NUMBER_FEATURES.length} columns of at least ${n} values`);
  }
  if (batch.categories.length !== CATEGORY_FEATURES.length || batch.categories.some((c) => c.length < n)) {
    problems.push(`categories must be ${CATEGORY_FEATURES.length} columns of at least ${n} values`);
  }
  if (problems.length > 0) throw new Error(`wide-table batch does not fit the feature list: ${problems.join('; ')}`);
}
