/**
 * Ranked lists computed on request, for the customers the snapshot cannot answer for today: opened
 * since it was built, or changed so that products it has no row of may now be offered (a higher risk
 * level, a product launched today). Their rows come from the feature stage's live row source (the
 * batch build's code on the database), are scored by the champion and ranked as the snapshot's
 * are, and kept for the day. At most `capacity` lists are kept: the oldest go first.
 *
 * Requests that arrive together are computed together: the customers asked for within one turn of
 * the event loop share one read of the database and one call of the network, which under load is
 * most of what a computation costs.
 */
import type { DayNumber } from '../../src/domain/dates.js';
import { alreadyHolds } from '../../src/domain/eligibility.js';
import { choiceSharesWithinRuns } from '../../src/model-directory/choice-shares.js';
import { attributeReasons, REASONS_PER_ROW, type RowReasons } from '../../src/reasons/index.js';
import { batchColumns, type LiveRowSource, type WideTableBatch } from '../../src/wide-table/index.js';
import type { ModelHold } from '../model-hold.js';

export interface RankedList {
  productIds: string[];
  scores: Float32Array;
  /** Each product's reasons, REASONS_PER_ROW per product in the list's order (src/reasons/). */
  reasons: RowReasons;
  day: DayNumber;
}

interface Waiting {
  resolve: (list: RankedList) => void;
  reject: (err: unknown) => void;
}

/** Customers computed in one read at the most: a batch call of 1,000 ids is read in blocks of this size. */
const MAX_GROUP = 256;

export class RecomputedLists {
  private readonly lists = new Map<string, RankedList>();
  private readonly running = new Map<string, Promise<RankedList>>();
  /** Customers asked for in this turn of the event loop, by day, waiting for the next group to start. */
  private queued = new Map<string, { day: DayNumber; waiting: Waiting[] }>();
  private flushScheduled = false;
  /** Bumped by clear(): a computation that started before it does not store its list. */
  private generation = 0;

  constructor(
    private readonly rows: LiveRowSource,
    private readonly model: ModelHold,
    /** Told of every computation: seconds it took and whether it succeeded (metrics). */
    private readonly onComputed: (seconds: number, ok: boolean) => void = () => undefined,
    private readonly capacity = 200_000,
  ) {}

  /** The list computed today for the customer, if any. */
  get(customerId: string, day: DayNumber): RankedList | undefined {
    const list = this.lists.get(customerId);
    return list?.day === day ? list : undefined;
  }

  /** Computes (once, however many requests ask at the same time) and keeps the customer's list for the day. */
  compute(customerId: string, day: DayNumber): Promise<RankedList> {
    const cached = this.get(customerId, day);
    if (cached) return Promise.resolve(cached);
    const running = this.running.get(customerId);
    if (running) return running;
    const work = new Promise<RankedList>((resolve, reject) => {
      const entry = this.queued.get(customerId) ?? { day, waiting: [] };
      entry.waiting.push({ resolve, reject });
      this.queued.set(customerId, entry);
    }).finally(() => this.running.delete(customerId));
    this.running.set(customerId, work);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return work;
  }

  /** Forgets a customer's list (an import changed them). */
  invalidate(customerId: string): void {
    this.lists.delete(customerId);
  }

  /** Forgets every list (the products changed). */
  clear(): void {
    this.lists.clear();
    this.generation++;
  }

  get size(): number {
    return this.lists.size;
  }

  private flush(): void {
    this.flushScheduled = false;
    const queued = this.queued;
    this.queued = new Map();
    const byDay = new Map<DayNumber, string[]>();
    for (const [id, { day }] of queued) byDay.set(day, [...(byDay.get(day) ?? []), id]);
    for (const [day, ids] of byDay) {
      for (let at = 0; at < ids.length; at += MAX_GROUP) {
        const group = ids.slice(at, at + MAX_GROUP);
        void this.computeGroup(group, day).then(
          (lists) => {
            for (const id of group) for (const w of queued.get(id)!.waiting) w.resolve(lists.get(id)!);
          },
          (err: unknown) => {
            for (const id of group) for (const w of queued.get(id)!.waiting) w.reject(err);
          },
        );
      }
    }
  }

  private async computeGroup(ids: string[], day: DayNumber): Promise<Map<string, RankedList>> {
    const generation = this.generation;
    const started = performance.now();
    const release = this.model.acquire();
    try {
      const lists = this.rankRows(ids, day, await this.rows.rowsFor(ids, day));
      const seconds = (performance.now() - started) / 1000;
      for (let k = 0; k < ids.length; k++) this.onComputed(seconds, true);
      if (generation === this.generation) for (const [id, list] of lists) this.keep(id, list);
      return lists;
    } catch (err) {
      for (let k = 0; k < ids.length; k++) this.onComputed((performance.now() - started) / 1000, false);
      throw err;
    } finally {
      release();
    }
  }

  private keep(customerId: string, list: RankedList): void {
    this.lists.delete(customerId);
    this.lists.set(customerId, list);
    // A Map iterates in insertion order: the first key is the least recently computed.
    if (this.lists.size > this.capacity) this.lists.delete(this.lists.keys().next().value as string);
  }

  /** Every customer's list from the group's rows (a customer with none gets an empty list), scored in one call, with their reasons. */
  private rankRows(ids: string[], day: DayNumber, batch: WideTableBatch): Map<string, RankedList> {
    const columns = batchColumns(batch);
    const bought = columns.numbers.get('bought_product_before')!;
    const term = columns.numbers.get('product_term_days')!;
    // Each customer's rows together: the shares (and the reasons' shares) are within runs.
    const rowsOf = new Map<string, number[]>(ids.map((id) => [id, []]));
    for (let r = 0; r < batch.length; r++) if (!alreadyHolds(bought[r], term[r])) rowsOf.get(batch.customerIds[r])?.push(r);
    const kept = [...rowsOf.values()].flat();
    const runLengths = [...rowsOf.values()].map((rows) => rows.length);
    const raw = kept.length > 0 ? this.model.scoring.score(columns, kept) : new Float32Array(0);
    // The snapshot's scores are choice shares over each customer's rows (scored-snapshot.ts): so are these.
    const scores = choiceSharesWithinRuns(raw, runLengths);
    const reasons = attributeReasons(this.model.scoring, { columns, rows: kept, runLengths }, scores);
    const lists = new Map<string, RankedList>();
    let start = 0;
    for (const [id, rows] of rowsOf) {
      const order = Array.from({ length: rows.length }, (_, j) => start + j);
      order.sort((a, b) => scores[b] - scores[a] || (batch.productIds[kept[a]] < batch.productIds[kept[b]] ? -1 : 1));
      const listReasons: RowReasons = { codes: new Uint8Array(order.length * REASONS_PER_ROW), values: new Float32Array(order.length * REASONS_PER_ROW) };
      order.forEach((k, i) => {
        listReasons.codes.set(reasons.codes.subarray(k * REASONS_PER_ROW, (k + 1) * REASONS_PER_ROW), i * REASONS_PER_ROW);
        listReasons.values.set(reasons.values.subarray(k * REASONS_PER_ROW, (k + 1) * REASONS_PER_ROW), i * REASONS_PER_ROW);
      });
      lists.set(id, {
        productIds: order.map((k) => batch.productIds[kept[k]]),
        scores: Float32Array.from(order, (k) => scores[k]),
        reasons: listReasons,
        day,
      });
      start += rows.length;
    }
    return lists;
  }
}
