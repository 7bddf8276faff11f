/** A batch of wide-table rows in columns, as the row builder fills it and the writers consume it. */
import { CATEGORY_FEATURES, NUMBER_FEATURES } from './feature-set.js';

export interface WideTableBatch {
  length: number;
  customerIds: string[];
  productIds: string[];
  /** As-of day of each row (day number; the features describe the days strictly before it). */
  asOf: Int32Array;
  /** 1 bought, 0 not (yuan bought, in a value table); null in snapshots, which have no label. */
  labels: Int8Array | Float32Array | null;
  /** One column per NUMBER_FEATURES entry, in that order; NaN is unknown. */
  numbers: Float32Array[];
  /** One column per CATEGORY_FEATURES entry, in that order; null is unknown. */
  categories: Array<Array<string | null>>;
}

/** An empty batch with room for `capacity` rows. */
export function createBatch(capacity: number, withLabels: boolean | 'amount'): WideTableBatch {
  return {
    length: 0,
    customerIds: [],
    productIds: [],
    asOf: new Int32Array(capacity),
    labels: withLabels === 'amount' ? new Float32Array(capacity) : withLabels ? new Int8Array(capacity) : null,
    numbers: NUMBER_FEATURES.map(() => new Float32Array(capacity)),
    categories: CATEGORY_FEATURES.map(() => []),
  };
}

/** The batch's feature columns by name, as scoring reads them (rows past `length` are ignored by row index). */
export function batchColumns(batch: WideTableBatch): { numbers: Map<string, Float32Array>; categories: Map<string, Array<string | null>> } {
  return {
    numbers: new Map(NUMBER_FEATURES.map((f, i) => [f.name, batch.numbers[i]])),
    categories: new Map(CATEGORY_FEATURES.map((f, i) => [f.name, batch.categories[i]])),
  };
}
