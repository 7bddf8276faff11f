/**
 * Labelled wide-table rows in memory, column by column: what training and evaluation work on.
 * Read from the Arrow file written by features/ (the one contract between the two stages).
 */
import { HORIZON_FAMILY, KEY_COLUMNS, LABEL_COLUMN, type FeatureSpec } from '../src/wide-table/feature-set.js';
import { featureColumns, readWideTable, type WideTableMeta } from '../src/wide-table/index.js';
import { UsageError } from '../src/errors.js';

export interface Samples {
  meta: WideTableMeta;
  /** The file's own feature manifest, in column order. */
  features: FeatureSpec[];
  length: number;
  customerIds: string[];
  productIds: string[];
  /** Day number of each row's occasion; its features describe the days strictly before it. */
  asOf: Int32Array;
  /** 1 when the customer bought the product that day (in a demand or value table: within the horizon). */
  labels: Uint8Array;
  /** A value table's label: yuan bought within the horizon; null for other kinds. */
  amounts: Float32Array | null;
  /** Feature columns by name: Float32Array (NaN unknown) for numbers, string|null arrays for categories. */
  numbers: Map<string, Float32Array>;
  categories: Map<string, Array<string | null>>;
}

const BUILT_BY = { samples: 'wealthrec features build', demand: 'wealthrec features demand', value: 'wealthrec features value' } as const;

/** A labelled wide table: purchase-occasion samples (the default), a demand or a value table. */
export async function loadSamples(path: string, kind: keyof typeof BUILT_BY = 'samples'): Promise<Samples> {
  const { meta, features, table } = await readWideTable(path);
  if (meta.kind !== kind) {
    throw new UsageError(`${path} is a ${meta.kind} wide table; this needs a ${kind} table (${BUILT_BY[kind]})`);
  }
  const [customerCol, productCol, asOfCol] = KEY_COLUMNS;
  const column = (name: string) => {
    const vector = table.getChild(name);
    if (!vector) throw new UsageError(`${path}: column ${name} is missing`);
    return vector;
  };
  const { numbers, categories } = featureColumns(table, features, path);
  // Purchase occasions have no horizon: their horizon columns are always unknown, while a snapshot
  // fills them for the demand model. Left out here, the recommender never learns from them, so a
  // filled snapshot cannot move its scores.
  if (kind === 'samples') for (const f of features) if (f.family === HORIZON_FAMILY) numbers.delete(f.name);
  const label = column(LABEL_COLUMN).toArray() as Int8Array | Float32Array;
  return {
    meta,
    features,
    length: table.numRows,
    customerIds: [...column(customerCol)] as string[],
    productIds: [...column(productCol)] as string[],
    asOf: column(asOfCol).toArray() as Int32Array,
    labels: Uint8Array.from(label, (l) => (l > 0 ? 1 : 0)),
    amounts: label instanceof Float32Array ? label : null,
    numbers,
    categories,
  };
}

/** Row indices whose as-of day lies in [from, to]. */
export function rowsBetween(samples: Pick<Samples, 'asOf' | 'length'>, from: number, to: number): Int32Array {
  const picked: number[] = [];
  for (let i = 0; i < samples.length; i++) if (samples.asOf[i] >= from && samples.asOf[i] <= to) picked.push(i);
  return Int32Array.from(picked);
}

/** The distinct as-of days present, ascending. */
export function daysOf(samples: Pick<Samples, 'asOf'>): number[] {
  return [...new Set(samples.asOf)].sort((a, b) => a - b);
}
