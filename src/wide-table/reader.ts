/** Reads a wide table back, checking it is one: a complete Arrow IPC file, a known version, a manifest matching the columns. */
import { open, type FileHandle } from 'node:fs/promises';
import { RecordBatchReader, Table, type AsyncRecordBatchFileReader, type RecordBatch, type Schema } from 'apache-arrow';
import type { FeatureSpec } from './feature-set.js';
import { WideTableFormatError } from './format-error.js';
import { decodeMeta, type WideTableMeta } from './meta.js';
import { wideTableFields } from './schema.js';
import { decodeRepeatingUtf8 } from './utf8-column.js';
import { checksumPath, readChecksums, sha256Of, type WideTableChecksums } from './checksums.js';

export interface WideTable {
  meta: WideTableMeta;
  /** The features as the file's manifest declares them, which may be older than this build's FEATURES. */
  features: FeatureSpec[];
  table: Table;
}

export interface WideTableHeader {
  meta: WideTableMeta;
  features: FeatureSpec[];
  schema: Schema;
}

/** Feature columns by name, as training and serving consume them: Float32Array (NaN unknown) or strings (null unknown). */
export interface FeatureColumnMaps {
  numbers: Map<string, Float32Array>;
  categories: Map<string, Array<string | null>>;
}

export function featureColumns(table: Table, features: readonly FeatureSpec[], source: string): FeatureColumnMaps {
  const numbers = new Map<string, Float32Array>();
  const categories = new Map<string, Array<string | null>>();
  for (const f of features) {
    const vector = table.getChild(f.name);
    if (!vector) throw new WideTableFormatError(source, `column ${f.name} is missing`);
    if (f.kind === 'number') numbers.set(f.name, vector.toArray() as Float32Array);
    else categories.set(f.name, decodeRepeatingUtf8(vector));
  }
  return { numbers, categories };
}

/**
 * How a read checks the batches against the table's checksums (checksums.ts): `required` refuses a
 * table without them (serving), `if-present` checks those that have them (tables written before
 * checksums existed are read unchecked).
 */
export type Verify = 'required' | 'if-present';

export interface ReadOptions {
  verify?: Verify;
}

/** The whole table in memory, with its batches as they are in the file. */
export async function readWideTable(path: string, options: ReadOptions = {}): Promise<WideTable> {
  const file = await openWideTableFile(path, options);
  const batches: RecordBatch[] = [];
  try {
    for (let i = 0; i < file.batchCount; i++) batches.push(await file.batch(i));
  } finally {
    await file.close();
  }
  const { meta, features, schema } = file.header;
  return { meta, features, table: new Table(schema, batches) };
}

/**
 * The record batches one at a time. Given a FileHandle, apache-arrow's AsyncRecordBatchFileReader
 * reads the footer and then each batch from disk as it is asked for: the file is never read whole.
 */
export async function* readWideTableBatches(path: string, options: ReadOptions = {}): AsyncGenerator<RecordBatch> {
  const file = await openWideTableFile(path, options);
  try {
    for (let i = 0; i < file.batchCount; i++) yield await file.batch(i);
  } finally {
    await file.close();
  }
}

/** A wide table open for reading its record batches in any order, one at a time (workers share a file this way). */
export interface WideTableFile {
  header: WideTableHeader;
  batchCount: number;
  /** The index-th record batch, read from disk now and checked against its checksum. */
  batch(index: number): Promise<RecordBatch>;
  close(): Promise<void>;
}

export async function openWideTableFile(path: string, options: ReadOptions = {}): Promise<WideTableFile> {
  const opened = await openChecked(path);
  const reader = opened.reader as unknown as AsyncRecordBatchFileReader;
  try {
    const verifier = await batchVerifier(path, opened.handle, reader, options.verify ?? 'if-present');
    return {
      header: opened.header,
      batchCount: reader.numRecordBatches,
      async batch(index) {
        if (index < 0 || index >= reader.numRecordBatches) {
          throw new WideTableFormatError(path, `record batch ${index} does not exist (the file has ${reader.numRecordBatches})`);
        }
        await verifier?.(index);
        let batch: RecordBatch | null;
        try {
          batch = await reader.readRecordBatch(index);
        } catch (err) {
          throw new WideTableFormatError(path, `corrupt Arrow IPC file (${messageOf(err)})`);
        }
        if (!batch) throw new WideTableFormatError(path, `record batch ${index} could not be read`);
        return batch;
      },
      close: () => opened.handle.close().catch(() => undefined),
    };
  } catch (err) {
    await opened.handle.close().catch(() => undefined);
    throw err;
  }
}

/** Checks a batch's bytes on disk (the block the footer points at) against the checksum the writer recorded. */
async function batchVerifier(
  path: string,
  handle: FileHandle,
  reader: AsyncRecordBatchFileReader,
  verify: Verify,
): Promise<((index: number) => Promise<void>) | null> {
  let checksums: WideTableChecksums | null;
  try {
    checksums = await readChecksums(path);
  } catch (err) {
    throw new WideTableFormatError(path, messageOf(err));
  }
  if (!checksums) {
    if (verify === 'required')
      throw new WideTableFormatError(path, `has no checksum file ${checksumPath(path)}: rebuild it with this release (wealthrec features snapshot)`);
    return null;
  }
  const count = reader.numRecordBatches;
  if (checksums.batches.length !== count) {
    throw new WideTableFormatError(
      path,
      `${checksumPath(path)} lists ${checksums.batches.length} record batches, the file holds ${count}: the two are not of the same build`,
    );
  }
  const footer = reader.footer;
  if (!footer) throw new WideTableFormatError(path, 'has no footer');
  return async (index) => {
    const block = footer.getRecordBatch(index);
    if (!block) throw new WideTableFormatError(path, `the footer has no record batch ${index}`);
    const length = block.metaDataLength + Number(block.bodyLength);
    const bytes = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(bytes, 0, length, Number(block.offset));
    if (bytesRead !== length || sha256Of([bytes]) !== checksums.batches[index]) {
      throw new WideTableFormatError(
        path,
        `record batch ${index + 1} of ${count} does not match its checksum in ${checksumPath(path)}: the file is corrupt; rebuild it`,
      );
    }
  };
}

/** Metadata, manifest and schema, from the footer only. */
export async function readWideTableHeader(path: string): Promise<WideTableHeader> {
  const opened = await openChecked(path);
  await opened.handle.close().catch(() => undefined);
  return opened.header;
}

async function openChecked(path: string): Promise<{ handle: FileHandle; reader: AsyncRecordBatchFileReader; header: WideTableHeader }> {
  const handle = await open(path, 'r');
  try {
    await checkEnvelope(path, handle);
    const reader = await openReader(handle).catch((err: unknown) => {
      throw new WideTableFormatError(path, `corrupt Arrow IPC file (${messageOf(err)})`);
    });
    if (!reader.isFile()) throw new WideTableFormatError(path, 'expected an Arrow IPC file, found an Arrow stream');
    const header = checkSchema(path, reader.schema);
    return { handle, reader: reader as unknown as AsyncRecordBatchFileReader, header };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

async function openReader(handle: FileHandle) {
  const reader = await RecordBatchReader.from(handle);
  await reader.open();
  return reader;
}

/** `ARROW1`: the first bytes (padded to 8) and the last bytes of every Arrow IPC file. */
const MAGIC = Buffer.from('ARROW1');

/**
 * Checks both ends before apache-arrow parses anything: a file cut short (a crash, a partial copy)
 * has lost its footer, and the library's own errors for that are about flatbuffer offsets.
 */
async function checkEnvelope(path: string, handle: FileHandle): Promise<void> {
  const { size } = await handle.stat();
  const head = Buffer.alloc(MAGIC.length);
  const tail = Buffer.alloc(MAGIC.length);
  await handle.read(head, 0, head.length, 0);
  if (size < 2 * MAGIC.length || !head.equals(MAGIC)) {
    throw new WideTableFormatError(path, 'not an Arrow IPC file: expected a wealthrec wide table, which starts with the bytes ARROW1');
  }
  await handle.read(tail, 0, tail.length, size - tail.length);
  if (!tail.equals(MAGIC)) {
    throw new WideTableFormatError(
      path,
      `truncated or corrupt wide table: an Arrow IPC file ends with ARROW1 after its footer, this one (${size} bytes) does not`,
    );
  }
}

function checkSchema(path: string, schema: Schema): WideTableHeader {
  let decoded: ReturnType<typeof decodeMeta>;
  try {
    decoded = decodeMeta(schema.metadata);
  } catch (err) {
    throw new WideTableFormatError(path, messageOf(err));
  }
  const expected = wideTableFields(decoded.meta.kind, decoded.features);
  const found = schema.fields;
  const describe = (f: { name: string; type: unknown }) => `${f.name} ${String(f.type)}`;
  for (let i = 0; i < Math.max(expected.length, found.length); i++) {
    const want = expected[i];
    const got = found[i];
    if (!want || !got || want.name !== got.name || String(want.type) !== String(got.type)) {
      throw new WideTableFormatError(
        path,
        `column ${i + 1} does not match the manifest of a ${decoded.meta.kind} table: expected ${want ? describe(want) : 'no more columns'}, found ${got ? describe(got) : 'no more columns'}`,
      );
    }
  }
  return { ...decoded, schema };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
