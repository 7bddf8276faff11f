/**
 * Ranked lists computed on request, for the customers the snapshot cannot answer for today: opened
 * since it was built, or changed so that products it has no row of may now be offered (a higher risk
 * level, a product launched today). Their rows come from the feature stage's live row source (the
 * batch build's code on the database), are scored by the champion and ranked as the snapshot's
 * are, and kept for the day. At most `capacity` lists are kept: the oldest go first.
 */
import type { DayNumber } from '../../src/domain/dates.js';
import { alreadyHolds } from '../../src/domain/eligibility.js';
import { batchColumns, type LiveRowSource, type WideTableBatch } from '../../src/wide-table/index.js';
import type { ModelHold } from '../model-hold.js';

export interface RankedList {
  productIds: string[];
  scores: Float32Array;
  day: DayNumber;
}

export class RecomputedLists {
  private readonly lists = new Map<string, RankedList>();
  private readonly running = new Map<string, Promise<RankedList>>();
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
    const generation = this.generation;
    const started = performance.now();
    const work = this.rank(customerId, day)
      .then(
        (list) => {
          this.onComputed((performance.now() - started) / 1000, true);
          if (generation === this.generation) this.keep(customerId, list);
          return list;
        },
        (err: unknown) => {
          this.onComputed((performance.now() - started) / 1000, false);
          throw err;
        },
      )
      .finally(() => this.running.delete(customerId));
    this.running.set(customerId, work);
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

  private keep(customerId: string, list: RankedList): void {
    this.lists.delete(customerId);
    this.lists.set(customerId, list);
    // A Map iterates in insertion order: the first key is the least recently computed.
    if (this.lists.size > this.capacity) this.lists.delete(this.lists.keys().next().value as string);
  }

  private async rank(customerId: string, day: DayNumber): Promise<RankedList> {
    const release = this.model.acquire();
    try {
      return this.rankRows(day, await this.rows.rowsFor([customerId], day));
    } finally {
      release();
    }
  }

  private rankRows(day: DayNumber, batch: WideTableBatch): RankedList {
    const columns = batchColumns(batch);
    const bought = columns.numbers.get('bought_product_before')!;
    const term = columns.numbers.get('product_term_days')!;
    const kept: number[] = [];
    for (let r = 0; r < batch.length; r++) if (!alreadyHolds(bought[r], term[r])) kept.push(r);
    const scores = kept.length > 0 ? this.model.scoring.score(columns, kept) : new Float32Array(0);
    const order = kept.map((_, k) => k).sort((a, b) => scores[b] - scores[a] || (batch.productIds[kept[a]] < batch.productIds[kept[b]] ? -1 : 1));
    return { productIds: order.map((k) => batch.productIds[kept[k]]), scores: Float32Array.from(order, (k) => scores[k]), day };
  }
}
