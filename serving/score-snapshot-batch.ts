/**
 * One record batch of a snapshot, scored: what a thread hands back for the snapshot's arrays. Rows
 * of fixed-term products the customer already held are left out (`alreadyHolds`); customers come as
 * runs (their rows are together), products as a small list and a number per row.
 */
import { Table, type RecordBatch } from 'apache-arrow';
import { alreadyHolds } from '../src/domain/eligibility.js';
import { choiceSharesWithinRuns } from '../src/model-directory/choice-shares.js';
import type { ScoringModel } from '../src/model-directory/scoring-model.js';
import { attributeReasons, emptyReasons, type RowReasons } from '../src/reasons/index.js';
import { KEY_COLUMNS, type FeatureSpec } from '../src/wide-table/feature-set.js';
import { featureColumns } from '../src/wide-table/index.js';
import { decodeRepeatingUtf8, decodeRunsUtf8 } from '../src/wide-table/utf8-column.js';

/** Number features serving reads beside the model's: the holding rule's, and the risk level the rows were built for. */
export const SNAPSHOT_FEATURES_READ = ['bought_product_before', 'product_term_days', 'customer_risk'] as const;

export interface ScoredBatch {
  /** One entry per run of rows of one customer, in row order. */
  customerIds: string[];
  runLengths: Int32Array;
  customerRisk: Float32Array;
  /** The batch's distinct products, and each kept row's number among them. */
  productIds: string[];
  productOfRow: Int32Array;
  scores: Float32Array;
  /**
   * Each kept row's reasons (src/reasons/), from the shares within the batch's runs: a snapshot's
   * build writes a customer's rows into one record batch. Empty when reasons are off.
   */
  reasons: RowReasons;
  /** Rows left out: products the customer already held. */
  excluded: number;
}

/** `withReasons`: attribute reasons to every row (one more scoring per reason group). */
export function scoreSnapshotBatch(
  batch: RecordBatch,
  features: readonly FeatureSpec[],
  scoring: ScoringModel,
  path: string,
  withReasons: boolean,
): ScoredBatch {
  const columns = featureColumns(new Table(batch), features, path);
  const [customerCol, productCol] = KEY_COLUMNS;
  const bought = columns.numbers.get('bought_product_before')!;
  const term = columns.numbers.get('product_term_days')!;
  const risk = columns.numbers.get('customer_risk')!;
  const kept: number[] = [];
  for (let r = 0; r < batch.numRows; r++) if (!alreadyHolds(bought[r], term[r])) kept.push(r);
  const scores = scoring.score(columns, kept);

  const ids = decodeRunsUtf8(batch.getChild(customerCol)!, kept);
  const customerIds: string[] = [];
  const runLengths: number[] = [];
  const customerRisk: number[] = [];
  for (let k = 0; k < kept.length; k++) {
    if (k === 0 || ids[k] !== ids[k - 1]) {
      customerIds.push(ids[k]);
      runLengths.push(0);
      customerRisk.push(risk[kept[k]]);
    }
    runLengths[runLengths.length - 1]++;
  }
  const products = decodeRepeatingUtf8(batch.getChild(productCol)!);
  const productNumbers = new Map<string, number>();
  const productOfRow = new Int32Array(kept.length);
  for (let k = 0; k < kept.length; k++) {
    const id = products[kept[k]] as string;
    let number = productNumbers.get(id);
    if (number === undefined) {
      number = productNumbers.size;
      productNumbers.set(id, number);
    }
    productOfRow[k] = number;
  }
  const reasons = withReasons
    ? attributeReasons(scoring, { columns, rows: kept, runLengths }, choiceSharesWithinRuns(scores, runLengths))
    : emptyReasons(kept.length);
  return {
    customerIds,
    runLengths: Int32Array.from(runLengths),
    customerRisk: Float32Array.from(customerRisk),
    productIds: [...productNumbers.keys()],
    productOfRow,
    scores,
    reasons,
    excluded: batch.numRows - kept.length,
  };
}
