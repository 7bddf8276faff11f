/**
 * The snapshot of the wide table (every customer x the products on sale that day that they may
 * buy), scored once by the champion when it is loaded. A snapshot's features are fixed for its
 * as-of day, so a score is a pure function of (model, row): computing them all up front leaves a
 * lookup and a slice per request, which is what lets one core answer thousands of requests a second.
 *
 * The file is read one record batch at a time and only what answers need is kept, in typed arrays:
 * per row a product number and a score, per customer a range of rows (best first) and the risk level
 * the rows were built for. Memory grows with rows by 8 bytes, not with the table's hundred columns.
 * A score is the customer's choice share: the row's over the sum of the customer's rows (choice-shares.ts).
 * Each row also keeps up to 3 reasons (src/reasons/: a code byte and a value each, 15 bytes a row),
 * attributed from the model as it is scored: one more scoring per reason group, at load only.
 * With `threads` above 1, worker threads score every other batch (score-snapshot-worker.ts).
 */
import type { DayNumber } from '../src/domain/dates.js';
import { DEFAULT_CUSTOMER_RISK } from '../src/domain/eligibility.js';
import { WealthrecError } from '../src/errors.js';
import { choiceSharesWithinRuns } from '../src/model-directory/choice-shares.js';
import type { LoadedModel } from '../src/model-directory/model-directory.js';
import { REASONS_PER_ROW, type RowReasons } from '../src/reasons/index.js';
import { featureSchemaHash } from '../src/wide-table/feature-schema-hash.js';
import { openWideTableFile } from '../src/wide-table/index.js';
import { GrowingArray } from './growing-array.js';
import { scoreSnapshotBatch, SNAPSHOT_FEATURES_READ, type ScoredBatch } from './score-snapshot-batch.js';
import { scoreBatchesOnWorkers } from './score-snapshot-pool.js';

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
  /** Each row's reasons, REASONS_PER_ROW per row in the rows' order (all NO_REASON when loaded without reasons). */
  reasons: RowReasons;
  /** Each customer's risk level when the snapshot was built (unknown counts as C1): its rows are the products that level allowed. */
  riskAtBuild: Int8Array;
  /** Rows left out at load: fixed-term products the customer already held (`alreadyHolds`). */
  excludedRows: number;
}

export interface ScoreSnapshotOptions {
  /** Threads that score record batches, this one included (default 1). */
  threads?: number;
  /** The TensorFlow.js backend the workers start (the one this thread runs). */
  backend?: string;
  /** Attribute reasons to every row (default true): about one more scoring of the snapshot per reason group. */
  reasons?: boolean;
  /** Score on worker threads only (at least one), leaving this thread to answer requests. */
  offMainThread?: boolean;
}

export async function scoreSnapshot(path: string, model: LoadedModel, options: ScoreSnapshotOptions = {}): Promise<ScoredSnapshot> {
  // Checked batch by batch against the checksums written with it: a flipped byte would change scores silently.
  const file = await openWideTableFile(path, { verify: 'required' });
  try {
    const { meta, features } = file.header;
    if (meta.kind !== 'snapshot') throw new SnapshotError(`${path} is a ${meta.kind} wide table; serving needs a snapshot (wealthrec features snapshot)`);
    if (featureSchemaHash(features) !== model.card.featureSchemaHash) {
      throw new SnapshotError(
        `${path} was built with other features than model ${model.card.version} was trained on: rebuild the snapshot with this release, or promote a model trained on these features`,
      );
    }
    for (const name of SNAPSHOT_FEATURES_READ)
      if (!features.some((f) => f.name === name)) throw new SnapshotError(`${path} has no feature ${name}, which serving reads`);

    const builder = new SnapshotBuilder(path);
    const threads = Math.max(1, Math.min(options.threads ?? 1, file.batchCount));
    const reasons = options.reasons ?? true;
    if (threads === 1 && !options.offMainThread) {
      for (let i = 0; i < file.batchCount; i++) builder.append(scoreSnapshotBatch(await file.batch(i), features, model.scoring, path, reasons));
    } else {
      await scoreBatchesOnWorkers({
        file,
        path,
        model,
        threads,
        backend: options.backend,
        reasons,
        offMainThread: options.offMainThread,
        append: (scored) => builder.append(scored),
      });
    }
    return { path, asOf: meta.toDay, modelVersion: model.card.version, ...builder.finish() };
  } finally {
    await file.close();
  }
}

/** Accumulates scored batches in file order; a customer's rows are together in the file (the build writes them so). */
class SnapshotBuilder {
  private readonly productNumbers = new Map<string, number>();
  private readonly productIds: string[] = [];
  private readonly customerIds: string[] = [];
  private readonly customerNumbers = new Map<string, number>();
  private readonly risk = new GrowingArray(Int8Array);
  private readonly rowCustomer = new GrowingArray(Int32Array);
  private readonly rowProduct = new GrowingArray(Int32Array);
  private readonly rowScore = new GrowingArray(Float32Array);
  private readonly reasonCodes = new GrowingArray(Uint8Array);
  private readonly reasonValues = new GrowingArray(Float32Array);
  private excluded = 0;

  constructor(private readonly path: string) {}

  append(scored: ScoredBatch): void {
    this.excluded += scored.excluded;
    const products = scored.productIds.map((id) => this.productNumber(id));
    let row = 0;
    for (let run = 0; run < scored.customerIds.length; run++) {
      const customer = this.customerNumber(scored.customerIds[run], scored.customerRisk[run]);
      for (let end = row + scored.runLengths[run]; row < end; row++) {
        this.rowCustomer.push(customer);
        this.rowProduct.push(products[scored.productOfRow[row]]);
        this.rowScore.push(scored.scores[row]);
        for (let at = row * REASONS_PER_ROW, end = at + REASONS_PER_ROW; at < end; at++) {
          this.reasonCodes.push(scored.reasons.codes[at]);
          this.reasonValues.push(scored.reasons.values[at]);
        }
      }
    }
  }

  private customerNumber(id: string, risk: number): number {
    const known = this.customerNumbers.get(id);
    if (known !== undefined) {
      // Only the customer of the previous row may continue: anything else means the rows are not grouped.
      if (known !== this.customerIds.length - 1)
        throw new SnapshotError(`${this.path}: the rows of a customer are not together, which a snapshot built by wealthrec features snapshot guarantees`);
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
    const offsets = new Int32Array(this.customerIds.length + 1);
    for (let i = 0; i < rowCustomer.length; i++) offsets[rowCustomer[i] + 1]++;
    const scores = choiceSharesWithinRuns(this.rowScore.view(), offsets.subarray(1));
    for (let k = 0; k < this.customerIds.length; k++) offsets[k + 1] += offsets[k];
    // Sorted with an origin index, then the reasons follow their rows.
    const origin = Int32Array.from({ length: products.length }, (_, i) => i);
    for (let k = 0; k < this.customerIds.length; k++) rankRows(products, scores, origin, offsets[k], offsets[k + 1], this.productIds);
    return {
      productIds: this.productIds,
      customerIds: this.customerIds,
      customerNumbers: this.customerNumbers,
      offsets,
      products,
      scores,
      reasons: reorderReasons(this.reasonCodes.view(), this.reasonValues.view(), origin),
      riskAtBuild: this.risk.view().slice(),
      excludedRows: this.excluded,
    };
  }
}

/**
 * Sorts rows [start, end) best score first, ties by product id, so the same inputs always give the
 * same order. Insertion sort over the two parallel arrays: a customer has a handful of rows.
 */
function rankRows(products: Int32Array, scores: Float32Array, origin: Int32Array, start: number, end: number, productIds: readonly string[]): void {
  for (let i = start + 1; i < end; i++) {
    const product = products[i];
    const score = scores[i];
    const from = origin[i];
    let j = i - 1;
    while (j >= start && (scores[j] < score || (scores[j] === score && productIds[products[j]] > productIds[product]))) {
      products[j + 1] = products[j];
      scores[j + 1] = scores[j];
      origin[j + 1] = origin[j];
      j--;
    }
    products[j + 1] = product;
    scores[j + 1] = score;
    origin[j + 1] = from;
  }
}

/** The reasons in the rows' ranked order: row i's are those the row at origin[i] had in file order. */
function reorderReasons(codes: Uint8Array, values: Float32Array, origin: Int32Array): RowReasons {
  const out: RowReasons = { codes: new Uint8Array(codes.length), values: new Float32Array(values.length) };
  for (let i = 0; i < origin.length; i++) {
    out.codes.set(codes.subarray(origin[i] * REASONS_PER_ROW, (origin[i] + 1) * REASONS_PER_ROW), i * REASONS_PER_ROW);
    out.values.set(values.subarray(origin[i] * REASONS_PER_ROW, (origin[i] + 1) * REASONS_PER_ROW), i * REASONS_PER_ROW);
  }
  return out;
}
