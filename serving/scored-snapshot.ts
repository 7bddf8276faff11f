/**
 * The snapshot of the wide table (every customer x the products on sale that day that they may
 * buy), scored once by the champion when it is loaded. A snapshot's features are fixed for its
 * as-of day, so a score is a pure function of (model, row): computing them all up front leaves a
 * lookup and a slice per request, which is what lets one core answer thousands of requests a second.
 */
import { KEY_COLUMNS } from '../src/wide-table/feature-set.js';
import { featureColumns, readWideTable } from '../src/wide-table/index.js';
import type { DayNumber } from '../src/domain/dates.js';
import { alreadyHolds } from '../src/domain/eligibility.js';
import { WealthrecError } from '../src/errors.js';
import { featureSchemaHash } from '../src/wide-table/feature-schema-hash.js';
import type { LoadedModel } from '../src/model-directory/model-directory.js';

export class SnapshotError extends WealthrecError {
  override readonly exitCode = 1;
}

export interface ScoredSnapshot {
  path: string;
  asOf: DayNumber;
  modelVersion: string;
  /** Each customer's rows, best score first, as a range of `ranked`. */
  byCustomer: Map<string, { start: number; end: number }>;
  /** Product id and score of each ranked row. */
  productIds: string[];
  scores: Float32Array;
  /** Rows left out by the serving rule (see `excluded`). */
  excludedRows: number;
}

export async function scoreSnapshot(path: string, model: LoadedModel): Promise<ScoredSnapshot> {
  const { meta, features, table } = await readWideTable(path);
  if (meta.kind !== 'snapshot') throw new SnapshotError(`${path} is a ${meta.kind} wide table; serving needs a snapshot (wealthrec features snapshot)`);
  if (featureSchemaHash(features) !== model.card.featureSchemaHash) {
    throw new SnapshotError(
      `${path} was built with other features than model ${model.card.version} was trained on: rebuild the snapshot with this release, or promote a model trained on these features`,
    );
  }
  const columns = featureColumns(table, features, path);
  const [customerCol, productCol] = KEY_COLUMNS;
  const customerIds = [...table.getChild(customerCol)!] as string[];
  const productIds = [...table.getChild(productCol)!] as string[];
  const boughtBefore = columns.numbers.get('bought_product_before')!;
  const termDays = columns.numbers.get('product_term_days')!;
  const kept: number[] = [];
  for (let r = 0; r < table.numRows; r++) if (!alreadyHolds(boughtBefore[r], termDays[r])) kept.push(r);
  const scores = model.scoring.score(columns, kept);

  const rowsByCustomer = new Map<string, number[]>();
  kept.forEach((row, k) => {
    let list = rowsByCustomer.get(customerIds[row]);
    if (!list) {
      list = [];
      rowsByCustomer.set(customerIds[row], list);
    }
    list.push(k);
  });
  const byCustomer = new Map<string, { start: number; end: number }>();
  const rankedProducts: string[] = [];
  const rankedScores = new Float32Array(kept.length);
  for (const [customer, list] of rowsByCustomer) {
    // Ties broken by product id, so the same inputs always give the same order.
    list.sort((a, b) => scores[b] - scores[a] || (productIds[kept[a]] < productIds[kept[b]] ? -1 : 1));
    const start = rankedProducts.length;
    for (const k of list) {
      rankedScores[rankedProducts.length] = scores[k];
      rankedProducts.push(productIds[kept[k]]);
    }
    byCustomer.set(customer, { start, end: rankedProducts.length });
  }
  return {
    path,
    asOf: meta.toDay,
    modelVersion: model.card.version,
    byCustomer,
    productIds: rankedProducts,
    scores: rankedScores,
    excludedRows: table.numRows - kept.length,
  };
}
