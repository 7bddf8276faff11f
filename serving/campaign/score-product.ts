/**
 * Scores every snapshot row of one product, one record batch at a time: the probability that the
 * customer buys the product within the demand model's horizon, as
 *
 *   P(buys within H days) x P(chooses this product | buys),
 *
 * the demand model times the recommender's share of the customer's shelf (choice-shares.ts). Both read the same snapshot row: the recommender its
 * product and cross features (so a product launched today with no sales is scored by its
 * attributes), the demand model the customer's. Memory holds one record batch and one score per
 * customer, never the table.
 */
import type { RecordBatch, Vector } from 'apache-arrow';
import { KEY_COLUMNS, type FeatureSpec } from '../../src/wide-table/feature-set.js';
import { readWideTableBatches, readWideTableHeader, type WideTableHeader } from '../../src/wide-table/index.js';
import type { DayNumber } from '../../src/domain/dates.js';
import { featureSchemaHash } from '../../src/wide-table/feature-schema-hash.js';
import type { LoadedModel } from '../../src/model-directory/model-directory.js';
import type { FeatureColumns } from '../../src/model-directory/preprocessing.js';
import { alreadyHolds } from '../../src/domain/eligibility.js';
import { choiceSharesByKey } from '../../src/model-directory/choice-shares.js';
import { SnapshotError } from '../scored-snapshot.js';
import { checkHorizon } from './check-horizon.js';
import { topReasonsOf, type TopReasons } from './top-reasons.js';

export interface ProductScores {
  asOf: DayNumber;
  /** Customers in the snapshot (open on the day), and those with a row for the product (allowed to buy it). */
  snapshotCustomers: number;
  customerIds: string[];
  /** P(buy the product within the horizon), per customer in `customerIds`. */
  scores: Float32Array;
  /** Rows whose customer already holds this fixed-term product (`alreadyHolds`): not scored. */
  alreadyBought: number;
  /** Each customer's share of past purchases in the product's category (0 when none): the rule a bank would use. */
  sameCategoryShare: Float32Array;
  /** With reasons asked for: the top reason of the product's row per customer in `customerIds` (top-reasons.ts). */
  topReasons?: TopReasons;
}

/** Rows of a Utf8 column equal to `value`, by comparing bytes: decoding every product id of a big snapshot costs seconds. */
function rowsEqualTo(vector: Vector, value: Uint8Array): number[] {
  const rows: number[] = [];
  let base = 0;
  for (const data of vector.data) {
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    for (let i = 0; i < data.length; i++) {
      const start = offsets[i];
      if (offsets[i + 1] - start !== value.length) continue;
      let same = true;
      for (let k = 0; k < value.length && same; k++) same = bytes[start + k] === value[k];
      if (same) rows.push(base + i);
    }
    base += data.length;
  }
  return rows;
}

/** The model's features must be in the snapshot with the same kinds; the error names the first that is not. */
export function checkFeatures(model: LoadedModel, features: readonly FeatureSpec[], path: string): void {
  const have = new Map(features.map((f) => [f.name, f.kind]));
  const missing = model.features.find((f) => have.get(f.name) !== f.kind);
  if (missing)
    throw new SnapshotError(
      `${path} has no ${missing.kind} feature "${missing.name}", which model ${model.card.version} needs: rebuild the snapshot with this release`,
    );
}

/** The batch's feature columns, categories decoded only for `rows` (the scorer reads no others). */
function batchColumns(batch: RecordBatch, features: readonly FeatureSpec[], rows: readonly number[]): FeatureColumns {
  const numbers = new Map<string, Float32Array>();
  const categories = new Map<string, Array<string | null>>();
  for (const f of features) {
    const vector = batch.getChild(f.name)!;
    if (f.kind === 'number') numbers.set(f.name, vector.toArray() as Float32Array);
    else {
      const values = new Array<string | null>(batch.numRows);
      for (const r of rows) values[r] = vector.get(r) as string | null;
      categories.set(f.name, values);
    }
  }
  return { numbers, categories };
}

/** Every row of the customers of `rows` (their whole shelf), in row order: a customer's rows are consecutive. */
function shelfRowsOf(rowIds: readonly string[], rows: readonly number[]): number[] {
  const out: number[] = [];
  let coveredTo = 0;
  for (const r of rows) {
    if (r < coveredTo) continue;
    let start = r;
    while (start > 0 && rowIds[start - 1] === rowIds[r]) start--;
    let end = r + 1;
    while (end < rowIds.length && rowIds[end] === rowIds[r]) end++;
    for (let k = Math.max(start, coveredTo); k < end; k++) out.push(k);
    coveredTo = end;
  }
  return out;
}

/** `header` is the snapshot's, when the caller has it already (the served set): the checks below then read no file. */
export async function scoreProduct(
  snapshotPath: string,
  productId: string,
  choice: LoadedModel,
  demand: LoadedModel,
  header?: WideTableHeader,
  withReasons = false,
): Promise<ProductScores> {
  const { meta, features } = header ?? (await readWideTableHeader(snapshotPath));
  if (meta.kind !== 'snapshot')
    throw new SnapshotError(`${snapshotPath} is a ${meta.kind} wide table; a campaign needs a snapshot (wealthrec features snapshot)`);
  if (featureSchemaHash(features) !== choice.card.featureSchemaHash) {
    throw new SnapshotError(
      `${snapshotPath} was built with other features than model ${choice.card.version} was trained on: rebuild the snapshot with this release`,
    );
  }
  checkFeatures(demand, features, snapshotPath);
  checkHorizon(demand, meta, snapshotPath);
  const [customerCol, productCol] = KEY_COLUMNS;
  const wanted = new TextEncoder().encode(productId);
  const customerIds: string[] = [];
  const scoreChunks: Float32Array[] = [];
  const ruleChunks: Float32Array[] = [];
  const reasonChunks: TopReasons[] = [];
  let snapshotCustomers = 0;
  let last: string | null = null;
  let alreadyBought = 0;
  for await (const batch of readWideTableBatches(snapshotPath, { verify: 'required' })) {
    const ids = batch.getChild(customerCol)!;
    // A snapshot holds each customer's rows together (features/build-wide-table.ts), so a new id starts a new customer.
    const rowIds = new Array<string>(batch.numRows);
    for (let r = 0; r < batch.numRows; r++) {
      rowIds[r] = ids.get(r) as string;
      if (rowIds[r] !== last) {
        snapshotCustomers++;
        last = rowIds[r];
      }
    }
    const rows = rowsEqualTo(batch.getChild(productCol)!, wanted);
    if (rows.length === 0) continue;
    const shelves = shelfRowsOf(rowIds, rows);
    const columns = batchColumns(batch, features, shelves);
    const bought = columns.numbers.get('bought_product_before')!;
    const sameCategory = columns.numbers.get('same_category_share')!;
    const term = columns.numbers.get('product_term_days')!;
    const kept = rows.filter((r) => !alreadyHolds(bought[r], term[r]));
    alreadyBought += rows.length - kept.length;
    if (kept.length === 0) continue;
    // The choice is the product's share of the customer's shelf (src/model-directory/choice-shares.ts), as served.
    const shelf = shelves.filter((r) => !alreadyHolds(bought[r], term[r]));
    const shares = choiceSharesByKey(
      choice.scoring.score(columns, shelf),
      shelf.map((r) => rowIds[r]),
    );
    const shareOfRow = new Map(shelf.map((r, i) => [r, shares[i]]));
    const p = Float32Array.from(kept, (r) => shareOfRow.get(r)!);
    const d = demand.scoring.score(columns, kept);
    for (let i = 0; i < kept.length; i++) {
      p[i] *= d[i];
      customerIds.push(rowIds[kept[i]]);
    }
    scoreChunks.push(p);
    ruleChunks.push(Float32Array.from(kept, (r) => (Number.isFinite(sameCategory[r]) ? sameCategory[r] : 0)));
    if (withReasons) reasonChunks.push(topReasonsOf(choice.scoring, columns, shelf, (r) => rowIds[r], kept));
  }
  return {
    asOf: meta.toDay,
    snapshotCustomers,
    customerIds,
    scores: concat(scoreChunks, customerIds.length),
    alreadyBought,
    sameCategoryShare: concat(ruleChunks, customerIds.length),
    ...(withReasons ? { topReasons: concatReasons(reasonChunks, customerIds.length) } : {}),
  };
}

function concatReasons(chunks: TopReasons[], length: number): TopReasons {
  const out: TopReasons = {
    codes: new Uint8Array(length),
    values: concat(
      chunks.map((c) => c.values),
      length,
    ),
  };
  let at = 0;
  for (const chunk of chunks) {
    out.codes.set(chunk.codes, at);
    at += chunk.codes.length;
  }
  return out;
}

function concat(chunks: Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
