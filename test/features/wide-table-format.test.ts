/** The wide table round-trips through Arrow exactly, says what it is, and refuses files that are not one. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_FEATURES, FEATURES, LABEL_COLUMN, NUMBER_FEATURES } from '../../src/wide-table/feature-set.js';
import { formatCsvNumber } from '../../src/wide-table/csv-number.js';
import { createBatch, type WideTableBatch } from '../../src/wide-table/batch.js';
import { WideTableFormatError } from '../../src/wide-table/format-error.js';
import { checksumPath } from '../../src/wide-table/checksums.js';
import { openWideTableFile, readWideTable, readWideTableBatches } from '../../src/wide-table/reader.js';
import { MAX_BATCH_ROWS, openWideTableWriter, type WideTableMeta } from '../../src/wide-table/writer.js';
import { parseDay } from '../../src/domain/dates.js';

const DAY = parseDay('2025-03-31')!;
const SAMPLES: WideTableMeta = { kind: 'samples', fromDay: DAY - 30, toDay: DAY, sourceHash: 'abc123' };
const TRICKY = ['上海,"浦东"', '北京', '', 'a\nb', '深圳 "南山", 科技园'];

/** Row `at` of a batch starting at row `offset` of the whole table: every value follows from the row number. */
function fill(rows: number, offset: number, withLabels: boolean): WideTableBatch {
  const batch = createBatch(rows, withLabels);
  for (let i = 0; i < rows; i++) {
    const r = offset + i;
    batch.customerIds.push(r % 7 === 0 ? `客户${r},"甲"` : `C${r}`);
    batch.productIds.push(`WM${r % 50}`);
    batch.asOf[i] = DAY - (r % 30);
    if (batch.labels) batch.labels[i] = r % 3 === 0 ? 1 : 0;
    for (const [j, col] of batch.numbers.entries()) col[i] = (r + j) % 11 === 0 ? NaN : r * 0.5 - j;
    for (const [j, col] of batch.categories.entries()) col.push((r + j) % 5 === 0 ? null : TRICKY[(r + j) % TRICKY.length]);
  }
  batch.length = rows;
  return batch;
}

/** Every cell of the table against the batches it was written from, one column at a time. */
function expectTableEquals(table: Table, batches: WideTableBatch[]): void {
  const concat = <T>(pick: (b: WideTableBatch) => ArrayLike<T>) => batches.flatMap((b) => Array.from(pick(b)).slice(0, b.length));
  const same = (name: string, expected: unknown[]) => {
    const got = Array.from(table.getChild(name)!.toArray() as ArrayLike<unknown>);
    expect(got.length, name).toBe(expected.length);
    const firstBad = got.findIndex((v, i) => !Object.is(v, expected[i]));
    expect(firstBad === -1 ? null : { name, row: firstBad, got: got[firstBad], expected: expected[firstBad] }).toBeNull();
  };
  same(
    'customer_id',
    concat((b) => b.customerIds),
  );
  same(
    'product_id',
    concat((b) => b.productIds),
  );
  same(
    'as_of',
    concat((b) => b.asOf),
  );
  if (batches[0].labels)
    same(
      LABEL_COLUMN,
      concat((b) => b.labels!),
    );
  for (const [j, f] of NUMBER_FEATURES.entries())
    same(
      f.name,
      concat((b) => b.numbers[j]),
    );
  for (const [j, f] of CATEGORY_FEATURES.entries())
    same(
      f.name,
      concat((b) => b.categories[j]),
    );
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wealthrec-wide-table-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('Arrow wide table', () => {
  it('round-trips every value, splitting batches above 65,536 rows', async () => {
    const path = join(dir, 'samples.arrow');
    const big = fill(MAX_BATCH_ROWS + 4_464, 0, true);
    const small = fill(10, big.length, true);
    const writer = await openWideTableWriter(path, 'arrow', SAMPLES);
    await writer.write(big);
    await writer.write(small);
    expect(await writer.close()).toEqual({ rows: big.length + 10, batches: 3 });

    const { table } = await readWideTable(path);
    expect(table.numRows).toBe(big.length + 10);
    expect(table.batches.map((b) => b.numRows)).toEqual([MAX_BATCH_ROWS, 4_464, 10]);
    expectTableEquals(table, [big, small]);

    const streamed: number[] = [];
    for await (const batch of readWideTableBatches(path)) streamed.push(batch.numRows);
    expect(streamed).toEqual([MAX_BATCH_ROWS, 4_464, 10]);
  });

  it('keeps the metadata and the manifest', async () => {
    const path = join(dir, 'meta.arrow');
    const meta: WideTableMeta = { ...SAMPLES, createdBy: 'wealthrec 0.1.0', extra: { customers: 3, note: '新客' } };
    const writer = await openWideTableWriter(path, 'arrow', meta);
    await writer.write(fill(3, 0, true));
    await writer.close();
    const read = await readWideTable(path);
    expect(read.meta).toEqual(meta);
    expect(read.features).toEqual(FEATURES);
    const raw = read.table.schema.metadata;
    expect(raw.get('wealthrec.from')).toBe('2025-03-01');
    expect(raw.get('wealthrec.to')).toBe('2025-03-31');
    expect(raw.get('wealthrec.format_version')).toBe('1');
    expect(raw.get('wealthrec.kind')).toBe('samples');
    expect(raw.get('wealthrec.source_hash')).toBe('abc123');
    expect(JSON.parse(raw.get('wealthrec.manifest')!)[0]).toEqual(FEATURES[0]);
  });

  it('gives samples an Int8 label after the keys and snapshots none; plain Utf8 and Float32 features', async () => {
    const snapshotPath = join(dir, 'snapshot.arrow');
    const snapshot: WideTableMeta = { kind: 'snapshot', fromDay: DAY, toDay: DAY, sourceHash: 'x' };
    const writer = await openWideTableWriter(snapshotPath, 'arrow', snapshot);
    const batch = fill(20, 0, false);
    await writer.write(batch);
    await writer.close();
    const read = await readWideTable(snapshotPath);
    expect(read.meta.kind).toBe('snapshot');
    expect(read.table.schema.names).toEqual(['customer_id', 'product_id', 'as_of', ...FEATURES.map((f) => f.name)]);
    expectTableEquals(read.table, [batch]);

    const samples = (await readWideTable(join(dir, 'meta.arrow'))).table.schema;
    expect(samples.names.slice(0, 4)).toEqual(['customer_id', 'product_id', 'as_of', 'label']);
    const types = Object.fromEntries(samples.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({ customer_id: 'Utf8', as_of: 'Int32', label: 'Int8', age_years: 'Float32', gender: 'Utf8', product_series: 'Utf8' });
  });

  it('refuses a batch that does not fit the table kind', async () => {
    const writer = await openWideTableWriter(join(dir, 'refused.arrow'), 'arrow', SAMPLES);
    await expect(writer.write(fill(2, 0, false))).rejects.toThrow('a samples table needs a label for every row');
    await writer.abort();
    expect(existsSync(join(dir, 'refused.arrow.partial'))).toBe(false);
  });

  it('writes under .partial and renames on close; abort removes the partial file', async () => {
    const path = join(dir, 'partial.arrow');
    const writer = await openWideTableWriter(path, 'arrow', SAMPLES);
    await writer.write(fill(5, 0, true));
    expect(existsSync(`${path}.partial`)).toBe(true);
    expect(existsSync(path)).toBe(false);
    await writer.close();
    expect(existsSync(`${path}.partial`)).toBe(false);
    expect(existsSync(path)).toBe(true);

    const abandoned = join(dir, 'abandoned.arrow');
    const other = await openWideTableWriter(abandoned, 'arrow', SAMPLES);
    await other.write(fill(5, 0, true));
    await other.abort();
    expect(existsSync(`${abandoned}.partial`)).toBe(false);
    expect(existsSync(abandoned)).toBe(false);
    await expect(other.write(fill(1, 0, true))).rejects.toThrow('failed');
  });

  it('closes a table without rows into a valid empty file', async () => {
    const path = join(dir, 'empty.arrow');
    const writer = await openWideTableWriter(path, 'arrow', SAMPLES);
    expect(await writer.close()).toEqual({ rows: 0, batches: 0 });
    const read = await readWideTable(path);
    expect(read.table.numRows).toBe(0);
    expect(read.table.schema.names).toContain('label');
  });
});

describe('reading what is not a wide table', () => {
  it('names the file and says it is truncated when the bytes are cut in half', async () => {
    const bytes = await readFile(join(dir, 'samples.arrow'));
    const path = join(dir, 'truncated.arrow');
    await writeFile(path, bytes.subarray(0, bytes.length >> 1));
    const error = await readWideTable(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WideTableFormatError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/truncated or corrupt/);
    await expect(readWideTableBatches(path).next()).rejects.toThrow(/truncated or corrupt/);
  });

  it('says an Arrow file without wealthrec metadata is not a wealthrec wide table', async () => {
    const path = join(dir, 'foreign.arrow');
    await writeFile(path, tableToIPC(tableFromArrays({ a: new Float32Array([1, 2]) }), 'file'));
    await expect(readWideTable(path)).rejects.toThrow(`${path}: not a wealthrec wide table: schema metadata has no wealthrec.format_version`);
  });

  it('says an Arrow stream or a CSV is not an Arrow IPC file', async () => {
    const stream = join(dir, 'stream.arrows');
    await writeFile(stream, tableToIPC(tableFromArrays({ a: new Float32Array([1, 2]) }), 'stream'));
    await expect(readWideTable(stream)).rejects.toThrow(`${stream}: not an Arrow IPC file`);
    const csv = join(dir, 'table.csv');
    await writeFile(csv, 'a,b\n1,2\n');
    await expect(readWideTable(csv)).rejects.toThrow(/not an Arrow IPC file/);
  });

  it('says which column breaks the manifest when a column is missing', async () => {
    const { table } = await readWideTable(join(dir, 'meta.arrow'));
    const path = join(dir, 'missing-column.arrow');
    await writeFile(path, tableToIPC(table.select(table.schema.names.filter((n) => n !== 'gender')), 'file'));
    const index = table.schema.names.indexOf('gender');
    await expect(readWideTable(path)).rejects.toThrow(
      `column ${index + 1} does not match the manifest of a samples table: expected gender Utf8, found ${String(table.schema.names[index + 1])}`,
    );
  });

  it('refuses a newer format version', async () => {
    const { table } = await readWideTable(join(dir, 'meta.arrow'));
    table.schema.metadata.set('wealthrec.format_version', '2');
    const path = join(dir, 'v2.arrow');
    await writeFile(path, tableToIPC(table, 'file'));
    await expect(readWideTable(path)).rejects.toThrow('wide table format version 2, this build reads version 1');
  });
});

describe('checksums', () => {
  async function written(name: string, batches: number): Promise<string> {
    const path = join(dir, name);
    const writer = await openWideTableWriter(path, 'arrow', SAMPLES);
    for (let b = 0; b < batches; b++) await writer.write(fill(500, b * 500, true));
    await writer.close();
    return path;
  }

  it('records the sha256 of every record batch beside the table, and reads it back checked', async () => {
    const path = await written('checked.arrow', 3);
    const sums = JSON.parse(await readFile(checksumPath(path), 'utf8')) as { batches: string[] };
    expect(sums.batches).toHaveLength(3);
    const file = await openWideTableFile(path, { verify: 'required' });
    expect(file.batchCount).toBe(3);
    for (let i = 0; i < 3; i++) expect((await file.batch(i)).numRows).toBe(500);
    await file.close();
  });

  it('refuses a batch with flipped bytes, naming it, where an unchecked read would decode other numbers', async () => {
    const path = await written('flipped.arrow', 3);
    const bytes = await readFile(path);
    // Twenty bytes in the middle of the file: inside the second batch's body, past every check of the envelope.
    for (let k = 0; k < 20; k++) bytes[(bytes.length >> 1) + k * 8] ^= 0x5a;
    await writeFile(path, bytes);
    await expect(readWideTable(path)).rejects.toThrow(/record batch 2 of 3 does not match its checksum .*: the file is corrupt; rebuild it/);
    const file = await openWideTableFile(path, { verify: 'required' });
    await expect(file.batch(1)).rejects.toBeInstanceOf(WideTableFormatError);
    expect((await file.batch(0)).numRows).toBe(500); // the other batches are intact
    await file.close();
  });

  it('reads a table without checksums (written before them) unless they are required, as serving requires them', async () => {
    const path = await written('unsummed.arrow', 1);
    await rm(checksumPath(path));
    expect((await readWideTable(path)).table.numRows).toBe(500);
    await expect(openWideTableFile(path, { verify: 'required' })).rejects.toThrow(/has no checksum file .*unsummed\.arrow\.sha256: rebuild it/);
  });

  it('refuses checksums of another build of the table', async () => {
    const path = await written('other-build.arrow', 2);
    const one = await written('one-batch.arrow', 1);
    await writeFile(checksumPath(path), await readFile(checksumPath(one)));
    await expect(readWideTable(path)).rejects.toThrow(/lists 1 record batches, the file holds 2/);
  });
});

describe('CSV wide table', () => {
  it('writes the same columns as RFC 4180 with dates, empty unknowns and plain numbers', async () => {
    const path = join(dir, 'tiny.csv');
    const batch = createBatch(2, true);
    batch.customerIds.push('C1', '客户,"甲"');
    batch.productIds.push('WM00001', 'WM00002');
    batch.asOf.set([DAY, DAY - 1]);
    batch.labels!.set([1, 0]);
    for (const col of batch.numbers) col.fill(NaN);
    for (const col of batch.categories) col.push(null, null);
    const set = (name: string, values: [number, number]) => batch.numbers[NUMBER_FEATURES.findIndex((f) => f.name === name)].set(values);
    set('age_years', [35, 61]);
    set('tenure_days', [0.1, 1e-7]);
    set('demand_avg_90d', [1 / 3, 12345.678]);
    set('loan_balance', [-2.5, 123456789]);
    batch.categories[CATEGORY_FEATURES.findIndex((f) => f.name === 'city')][0] = '上海,"浦东"';
    batch.categories[CATEGORY_FEATURES.findIndex((f) => f.name === 'gender')][1] = 'F';
    batch.length = 2;

    const writer = await openWideTableWriter(path, 'csv', SAMPLES);
    await writer.write(batch);
    expect(await writer.close()).toEqual({ rows: 2, batches: 1 });

    const cells = (row: Record<string, string>) => FEATURES.map((f) => row[f.name] ?? '').join(',');
    const expected =
      ['customer_id,product_id,as_of,label', ...FEATURES.map((f) => f.name)].join(',') +
      '\n' +
      'C1,WM00001,2025-03-31,1,' +
      cells({ age_years: '35', tenure_days: '0.1', demand_avg_90d: '0.333333', loan_balance: '-2.5', city: '"上海,""浦东"""' }) +
      '\n' +
      '"客户,""甲""",WM00002,2025-03-30,0,' +
      cells({ age_years: '61', tenure_days: '0', demand_avg_90d: '12345.68', loan_balance: '123456792', gender: 'F' }) +
      '\n';
    expect(await readFile(path, 'utf8')).toBe(expected);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });

  it('formats Float32 values without exponents or float noise', () => {
    const f = (x: number) => formatCsvNumber(Math.fround(x));
    expect([f(NaN), f(0), f(42), f(-3), f(0.1), f(2.675), f(1e-7), f(-1e-7), f(1.5e-5), f(1e10), f(99.99999)]).toEqual([
      '',
      '0',
      '42',
      '-3',
      '0.1',
      '2.675',
      '0',
      '0',
      '0.000015',
      '10000000000',
      '99.99999',
    ]);
  });
});
