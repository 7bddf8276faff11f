/** Rows [from, to) of a WideTableBatch as one Arrow RecordBatch, numbers zero-copy and strings encoded once. */
import { Float32, Int32, Int8, RecordBatch, Struct, Utf8, makeData, type Data, type Schema } from 'apache-arrow';
import { FEATURES } from './feature-set.js';
import type { WideTableBatch } from './batch.js';

export function toRecordBatch(schema: Schema, batch: WideTableBatch, from: number, to: number): RecordBatch {
  const length = to - from;
  const children: Data[] = [
    utf8Data(batch.customerIds, from, to, 'customer_id'),
    utf8Data(batch.productIds, from, to, 'product_id'),
    makeData({ type: new Int32(), length, data: batch.asOf.subarray(from, to) }),
  ];
  if (batch.labels instanceof Int8Array) children.push(makeData({ type: new Int8(), length, data: batch.labels.subarray(from, to) }));
  else if (batch.labels) children.push(makeData({ type: new Float32(), length, data: batch.labels.subarray(from, to) }));
  let number = 0;
  let category = 0;
  for (const f of FEATURES) {
    if (f.kind === 'number') children.push(makeData({ type: new Float32(), length, data: batch.numbers[number++].subarray(from, to) }));
    else children.push(utf8Data(batch.categories[category++], from, to, null));
  }
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children });
  return new RecordBatch(schema, data);
}

/**
 * Utf8 column data of values[from, to). `required` names a key column, where a null is a bug in the
 * row builder and must not reach the file; elsewhere null is an unknown category.
 */
function utf8Data(values: ReadonlyArray<string | null>, from: number, to: number, required: string | null): Data<Utf8> {
  const length = to - from;
  const valueOffsets = new Int32Array(length + 1);
  let bytes = 0;
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const value = values[from + i];
    if (value === null || value === undefined) {
      if (required) throw new Error(`${required} is missing in row ${from + i} of the batch`);
      nullCount++;
    } else bytes += Buffer.byteLength(value, 'utf8');
    valueOffsets[i + 1] = bytes;
  }
  const data = new Uint8Array(bytes);
  const writer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const nullBitmap = nullCount > 0 ? new Uint8Array((length + 7) >> 3) : undefined;
  for (let i = 0; i < length; i++) {
    const value = values[from + i];
    if (value === null || value === undefined) continue;
    writer.write(value, valueOffsets[i], 'utf8');
    if (nullBitmap) nullBitmap[i >> 3] |= 1 << (i & 7);
  }
  return makeData({ type: new Utf8(), length, nullCount, nullBitmap, valueOffsets, data });
}
