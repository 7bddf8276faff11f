/**
 * Writes and reads the segmentation file (format.ts): Arrow with the model in its metadata, or CSV
 * with the model in a sidecar. Written under a partial name and renamed when complete (the sidecar
 * first, so a CSV never appears without its model). The reader checks the format version and the model.
 */
import { readFile, writeFile, rename } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { makeData, RecordBatch, Struct, Table, tableFromIPC, tableToIPC, vectorFromArray, Int32, Utf8 } from 'apache-arrow';
import { formatCsvRow } from '../csv/format-csv-row.js';
import { WealthrecError } from '../errors.js';
import { openPartialFile } from '../files/partial-file.js';
import {
  READABLE_SEGMENTS_FORMATS,
  SEGMENTS_FORMAT_VERSION,
  SEGMENTS_META_KEYS,
  segmentationModelSchema,
  segmentationModelV1Schema,
  segmentsSchema,
  sidecarPath,
  type SegmentationModel,
} from './format.js';

export class SegmentationFileError extends WealthrecError {
  override readonly exitCode = 1;
  constructor(path: string, problem: string) {
    super(`segmentation ${path}: ${problem}`);
  }
}

export interface Segmentation {
  model: SegmentationModel;
  customerIds: string[];
  /** Each customer's segment id (an index of model.cards). */
  segments: Int32Array;
}

export async function writeSegmentation(path: string, s: Segmentation, format: 'arrow' | 'csv'): Promise<void> {
  const names = s.model.cards.map((c) => c.name);
  if (format === 'csv') {
    const sidecar = sidecarPath(path);
    await writeFile(`${sidecar}.partial`, `${JSON.stringify(s.model, null, 1)}\n`);
    await rename(`${sidecar}.partial`, sidecar);
    const file = await openPartialFile(path);
    try {
      let text = formatCsvRow(['customer_id', 'segment', 'segment_name']);
      s.customerIds.forEach((id, i) => {
        text += formatCsvRow([id, s.segments[i], names[s.segments[i]]]);
      });
      await file.write([text]);
      await file.commit();
    } catch (err) {
      await file.discard();
      throw err;
    }
    return;
  }
  const schema = segmentsSchema(s.model);
  const length = s.customerIds.length;
  const children = [
    vectorFromArray(s.customerIds, new Utf8()).data[0],
    makeData({ type: new Int32(), length, data: Int32Array.from(s.segments) }),
    vectorFromArray(
      Array.from(s.segments, (g) => names[g]),
      new Utf8(),
    ).data[0],
  ];
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
  const file = await openPartialFile(path);
  try {
    await file.write([tableToIPC(new Table(schema, [batch]), 'file')]);
    await file.commit();
  } catch (err) {
    await file.discard();
    throw err;
  }
}

function parseModel(path: string, json: string | undefined): SegmentationModel {
  if (json === undefined) throw new SegmentationFileError(path, 'no model: not a wealthrec segmentation (wealthrec segments build writes one)');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new SegmentationFileError(path, 'its model is not valid JSON');
  }
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && !(READABLE_SEGMENTS_FORMATS as readonly string[]).includes(String(version)))
    throw new SegmentationFileError(path, unreadableVersion(String(version)));
  const parsed = (version === 1 ? segmentationModelV1Schema : segmentationModelSchema).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SegmentationFileError(
      path,
      `its model does not match format ${version === 1 ? 1 : SEGMENTS_FORMAT_VERSION} at ${issue.path.join('.') || 'the top'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** Says which versions this build reads, and what to do about a file it cannot. */
function unreadableVersion(version: string): string {
  return `format version ${version}; this build reads ${READABLE_SEGMENTS_FORMATS.join(' and ')}${Number(version) > SEGMENTS_FORMAT_VERSION ? ' (written by a newer wealthrec: upgrade this one, or build the segments again with it)' : ''}`;
}

function checked(path: string, s: Segmentation): Segmentation {
  const k = s.model.cards.length;
  if (s.model.centroids.length !== k) throw new SegmentationFileError(path, `${s.model.centroids.length} centroids for ${k} segments`);
  const { width } = s.model.preprocessing;
  const { weighting } = s.model;
  if ([weighting.behaviours, weighting.fills, weighting.scales].some((a) => a.length !== width) || s.model.centroids.some((c) => c.length !== width))
    throw new SegmentationFileError(path, `its weighting and centroids must each have the encoding's ${width} columns`);
  const bad = s.segments.findIndex((g) => g < 0 || g >= k);
  if (bad >= 0) throw new SegmentationFileError(path, `row ${bad + 1} is in segment ${s.segments[bad]}, outside 0..${k - 1}`);
  return s;
}

const ARROW_MAGIC = 'ARROW1';

/** Reads either format: Arrow by its magic bytes, CSV (with its sidecar) otherwise. */
export async function readSegmentation(path: string): Promise<Segmentation> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new SegmentationFileError(path, `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (bytes.subarray(0, ARROW_MAGIC.length).toString('latin1') === ARROW_MAGIC) {
    let table: Table;
    try {
      table = tableFromIPC(bytes);
    } catch (err) {
      throw new SegmentationFileError(path, `not an Arrow IPC file (${err instanceof Error ? err.message : String(err)})`);
    }
    const version = table.schema.metadata.get(SEGMENTS_META_KEYS.formatVersion);
    if (version === undefined) throw new SegmentationFileError(path, 'not a wealthrec segmentation (wealthrec segments build writes one)');
    if (!(READABLE_SEGMENTS_FORMATS as readonly string[]).includes(version)) throw new SegmentationFileError(path, unreadableVersion(version));
    const model = parseModel(path, table.schema.metadata.get(SEGMENTS_META_KEYS.model));
    const ids = table.getChild('customer_id');
    const segments = table.getChild('segment');
    if (!ids || !segments) throw new SegmentationFileError(path, 'expected the columns customer_id and segment');
    return checked(path, { model, customerIds: ids.toArray() as string[], segments: Int32Array.from(segments.toArray() as Int32Array) });
  }
  let sidecar: string;
  try {
    sidecar = await readFile(sidecarPath(path), 'utf8');
  } catch {
    throw new SegmentationFileError(path, `a CSV segmentation needs its model beside it in ${sidecarPath(path)}, which cannot be read`);
  }
  const model = parseModel(sidecarPath(path), sidecar);
  const rows = parse(bytes, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  if (rows.length > 0 && !('customer_id' in rows[0] && 'segment' in rows[0]))
    throw new SegmentationFileError(path, 'expected the CSV columns customer_id,segment,segment_name');
  return checked(path, { model, customerIds: rows.map((r) => r.customer_id), segments: Int32Array.from(rows, (r) => Number(r.segment)) });
}
