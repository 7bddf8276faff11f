/**
 * The snapshot of the wide table (every customer x the products on sale that day that they may
 * buy), scored once by the champion when it is loaded. A snapshot's features are fixed for its
 * as-of day, so a score is a pure function of (model, row): computing them all up front leaves a
 * lookup and a slice per request, which is what lets one core answer thousands of requests a second.
 *
 * The file is read one record batch at a time and only what answers need is kept, in typed arrays:
 * per row a product number and a score, per customer a range of rows (best first) and the risk level
 * the rows were built for. Memory grows with rows by 8 bytes, not with the table's hundred columns.
 */
import type { RecordBatch } from 'apache-arrow';
import { Table } from 'apache-arrow';
import type { DayNumber } from '../src/domain/dates.js';
import { alreadyHolds, DEFAULT_CUSTOMER_RISK } from '../src/domain/eligibility.js';
import { WealthrecError } from '../src/errors.js';
import type { LoadedModel } from '../src/model-directory/model-directory.js';
import type { FeatureColumns } from '../src/model-directory/preprocessing.js';
import { featureSchemaHash } from '../src/wide-table/feature-schema-hash.js';
import { KEY_COLUMNS, type FeatureSpec } from '../src/wide-table/feature-set.js';
import { featureColumns, readWideTableBatches, readWideTableHeader } from '../src/wide-table/index.js';
import { GrowingArray } from './growing-array.js';

export class SnapshotError extends WealthrecError {
  override readonly exitCode = 1;
}

export interface ScoredSnapshot {
  path: string;
  asOf: DayNumber;
  modelVersion: string;
  /** Product ids by product number. */
  productIds: string[];
  /** Customer ids by customer number, in the file's order, and the way back. */
  customerIds: string[];
  customerNumbers: Map<string, number>;
  /** Customer k's rows are offsets[k] .. offsets[k + 1], best score first (ties by product id). */
  offsets: Int32Array;
  /** Product number and score of each row. */
  products: Int32Array;
  scores: Float32Array;
  /** Each customer's risk level when the snapshot was built (unknown counts as C1): its rows are the products that level allowed. */
  riskAtBuild: Int8Array;
  /** Rows left out at load: fixed-term products the customer already held (`alreadyHolds`). */
  excludedRows: number;
}

/** Numbers of the rows answers need, by name; checked against the file's manifest before reading. */
const NEEDED = ['bought_product_before', 'product_term_days', 'customer_risk'] as const;

export async function scoreSnapshot(path: string, model: LoadedModel): Promise<ScoredSnapshot> {
  const { meta, features } = await readWideTableHeader(path);
  if (meta.kind !== 'snapshot') throw new SnapshotError(`${path} is a ${meta.kind} wide table; serving needs a snapshot (wealthrec features snapshot)`);
  if (featureSchemaHash(features) !== model.card.featureSchemaHash) {
    throw new SnapshotError(
      `${path} was built with other features than model ${model.card.version} was trained on: rebuild the snapshot with this release, or promote a model trained on these features`,
    );
  }
  for (const name of NEEDED) if (!features.some((f) => f.name === name)) throw new SnapshotError(`${path} has no feature ${name}, which serving reads`);

  const builder = new SnapshotBuilder();
  for await (const batch of readWideTableBatches(path)) builder.add(batch, features, model, path);
  return { path, asOf: meta.toDay, modelVersion: model.card.version, ...builder.finish() };
}

/** Accumulates scored rows batch by batch; a customer's rows are together in the file (the build writes them so). */
class SnapshotBuilder {
  private readonly productNumbers = new Map<string, number>();
  private readonly productIds: string[] = [];
  private readonly customerIds: string[] = [];
  private readonly customerNumbers = new Map<string, number>();
  private readonly risk = new GrowingArray(Int8Array);
  private readonly rowCustomer = new GrowingArray(Int32Array);
  private readonly rowProduct = new GrowingArray(Int32Array);
  private readonly rowScore = new GrowingArray(Float32Array);
  private excluded = 0;

  add(batch: RecordBatch, features: readonly FeatureSpec[], model: LoadedModel, path: string): void {
    const columns: FeatureColumns = featureColumns(new Table(batch), features, path);
    const [customerCol, productCol] = KEY_COLUMNS;
    const customers = batch.getChild(customerCol)!;
    const products = batch.getChild(productCol)!;
    const bought = columns.numbers.get('bought_product_before')!;
    const term = columns.numbers.get('product_term_days')!;
    const customerRisk = columns.numbers.get('customer_risk')!;
    const kept: number[] = [];
    for (let r = 0; r < batch.numRows; r++) {
      if (alreadyHolds(bought[r], term[r])) this.excluded++;
      else kept.push(r);
    }
    const scores = model.scoring.score(columns, kept);
    let lastId: string | null = null;
    let customer = -1;
    for (let k = 0; k < kept.length; k++) {
      const r = kept[k];
      const id = customers.get(r) as string;
      if (id !== lastId) {
        customer = this.customerNumber(id, customerRisk[r], path);
        lastId = id;
      }
      this.rowCustomer.push(customer);
      this.rowProduct.push(this.productNumber(products.get(r) as string));
      this.rowScore.push(scores[k]);
    }
  }

  private customerNumber(id: string, risk: number, path: string): number {
    const known = this.customerNumbers.get(id);
    if (known !== undefined) {
      // Only the customer of the previous row may continue: anything else means the rows are not grouped.
      if (known !== this.customerIds.length - 1)
        throw new SnapshotError(`${path}: the rows of a customer are not together, which a snapshot built by wealthrec features snapshot guarantees`);
      return known;
    }
    const number = this.customerIds.length;
    this.customerIds.push(id);
    this.customerNumbers.set(id, number);
    this.risk.push(Number.isFinite(risk) ? risk : DEFAULT_CUSTOMER_RISK);
    return number;
  }

  private productNumber(id: string): number {
    let number = this.productNumbers.get(id);
    if (number === undefined) {
      number = this.productIds.length;
      this.productIds.push(id);
      this.productNumbers.set(id, number);
    }
    return number;
  }

  finish(): Omit<ScoredSnapshot, 'path' | 'asOf' | 'modelVersion'> {
    const rowCustomer = this.rowCustomer.view();
    const products = this.rowProduct.view().slice();
    const scores = this.rowScore.view().slice();
    const offsets = new Int32Array(this.customerIds.length + 1);
    for (let i = 0; i < rowCustomer.length; i++) offsets[rowCustomer[i] + 1]++;
    for (let k = 0; k < this.customerIds.length; k++) offsets[k + 1] += offsets[k];
    for (let k = 0; k < this.customerIds.length; k++) rankRows(products, scores, offsets[k], offsets[k + 1], this.productIds);
    return {
      productIds: this.productIds,
      customerIds: this.customerIds,
      customerNumbers: this.customerNumbers,
      offsets,
      products,
      scores,
      riskAtBuild: this.risk.view().slice(),
      excludedRows: this.excluded,
    };
  }
}

/**
 * Sorts rows [start, end) best score first, ties by product id, so the same inputs always give the
 * same order. Insertion sort over the two parallel arrays: a customer has a handful of rows.
 */
function rankRows(products: Int32Array, scores: Float32Array, start: number, end: number, productIds: readonly string[]): void {
  for (let i = start + 1; i < end; i++) {
    const product = products[i];
    const score = scores[i];
    let j = i - 1;
    while (j >= start && (scores[j] < score || (scores[j] === score && productIds[products[j]] > productIds[product]))) {
      products[j + 1] = products[j];
      scores[j + 1] = scores[j];
      j--;
    }
    products[j + 1] = product;
    scores[j + 1] = score;
  }
}
