/** The Arrow side of the wide-table writer: an IPC file (RecordBatchFileWriter), streamed to disk batch by batch. */
import { AsyncByteQueue, RecordBatchFileWriter, type RecordBatch, type Schema } from 'apache-arrow';
import { openPartialFile } from '../files/partial-file.js';
import { sha256Of, writeChecksums } from './checksums.js';
import type { WideTableBatch } from './batch.js';
import { toRecordBatch } from './record-batch.js';
import type { FormatWriter } from './format-writer.js';

/**
 * The writer's sink, drained after every batch. Arrow's own queue hands bytes to a reader at the
 * reader's pace but has no way to make the producer wait; taking the bytes synchronously lets the
 * partial file's backpressure reach the caller.
 */
class ChunkSink extends AsyncByteQueue {
  private chunks: Uint8Array[] = [];
  override write(value: Parameters<AsyncByteQueue['write']>[0]): void {
    if (!ArrayBuffer.isView(value)) throw new Error(`the Arrow writer produced ${typeof value}, expected bytes`);
    if (value.byteLength > 0) this.chunks.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  take(): Uint8Array[] {
    const taken = this.chunks;
    this.chunks = [];
    return taken;
  }
}

/**
 * RecordBatchFileWriter streams fine: it never seeks, its footer goes last. Each record batch is
 * serialised, handed to the partial file and awaited before the next, so memory holds one batch;
 * only the footer's block list (24 bytes a batch) grows with the file.
 */
export async function openArrowFormat(path: string, schema: Schema): Promise<FormatWriter> {
  const file = await openRecordBatchFile(path, schema);
  return {
    write: (batch: WideTableBatch, from: number, to: number) => file.write(toRecordBatch(schema, batch, from, to)),
    close: () => file.close(),
    abort: () => file.abort(),
  };
}

export interface RecordBatchFile {
  write(batch: RecordBatch): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * An Arrow IPC file of `schema`, written record batch by record batch under `path.partial` and renamed
 * on close, with the sha256 of each batch's bytes in `<path>.sha256` (checksums.ts), written first.
 */
export async function openRecordBatchFile(path: string, schema: Schema): Promise<RecordBatchFile> {
  const file = await openPartialFile(path);
  const sink = new ChunkSink();
  const writer = new RecordBatchFileWriter();
  const batchHashes: string[] = [];
  try {
    // Starting with the schema now writes the magic bytes, so a table with no rows still closes into a valid file.
    writer.reset(sink, schema);
    await file.write(sink.take());
  } catch (err) {
    await file.discard();
    throw err;
  }
  return {
    async write(batch: RecordBatch) {
      writer.write(batch);
      // What the writer produced for this batch is exactly its message: the block the footer will point at.
      const chunks = sink.take();
      batchHashes.push(sha256Of(chunks));
      await file.write(chunks);
    },
    async close() {
      writer.close();
      await file.write(sink.take());
      await writeChecksums(path, batchHashes);
      await file.commit();
    },
    abort: () => file.discard(),
  };
}
