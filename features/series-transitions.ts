/**
 * What customers buy next: for each pair of series (a product without a series stands for its
 * category and term bucket), how many purchases of the second came right after one of the first,
 * by the day of the second. As of d only purchases before d count, as for popularity. An item-item
 * signal from everybody's sequences, which a customer's own short history cannot give.
 */
import type { Knex } from 'knex';
import type { DayNumber } from '../src/domain/dates.js';
import { countBefore } from './point-in-time.js';
import { termBucket } from './term-bucket.js';

/** What a product's key is made of (a CatalogProduct has it; named here so the catalog can import this file). */
export interface KeyedProduct {
  id: string;
  series: string | null;
  category: string | null;
  termDays: number;
}

/** The key a product's purchases are counted under: its series, or its category and term bucket. */
export function seriesKey(p: Omit<KeyedProduct, 'id'>): string {
  return p.series ?? `${p.category ?? '?'}/${termBucket(p.termDays)}`;
}

/** One pair's transitions on one day: `from` then `to`, `count` times, the second purchase on `day`. */
export interface Transition {
  from: string;
  to: string;
  day: DayNumber;
  count: number;
}

/** Ascending days with a running count, queried by countBefore. */
class DayCounts {
  private readonly byDay = new Map<number, number>();
  private days = new Int32Array(0);
  private cumulative = new Int32Array(0);

  add(day: number, count: number): void {
    this.byDay.set(day, (this.byDay.get(day) ?? 0) + count);
  }

  seal(): void {
    const days = [...this.byDay.keys()].sort((a, b) => a - b);
    this.days = Int32Array.from(days);
    let total = 0;
    this.cumulative = Int32Array.from(days, (d) => (total += this.byDay.get(d)!));
  }

  before(day: DayNumber): number {
    const k = countBefore(this.days, day);
    return k === 0 ? 0 : this.cumulative[k - 1];
  }
}

export class SeriesTransitions {
  private readonly fromCounts = new Map<string, DayCounts>();
  private readonly pairCounts = new Map<string, DayCounts>();
  /** What it was built from, e.g. to rebuild it with the future rewritten (the leakage test). */
  readonly entries: readonly Transition[];

  constructor(transitions: Iterable<Transition> = []) {
    this.entries = [...transitions];
    const counts = (map: Map<string, DayCounts>, key: string) => {
      let c = map.get(key);
      if (!c) {
        c = new DayCounts();
        map.set(key, c);
      }
      return c;
    };
    for (const t of this.entries) {
      counts(this.fromCounts, t.from).add(t.day, t.count);
      counts(this.pairCounts, `${t.from}\u0000${t.to}`).add(t.day, t.count);
    }
    for (const c of [...this.fromCounts.values(), ...this.pairCounts.values()]) c.seal();
  }

  /** Of the purchases right after one under `from` made before `day`, the share under `to`; NaN when there were none. */
  share(from: string, to: string, day: DayNumber): number {
    const all = this.fromCounts.get(from)?.before(day) ?? 0;
    if (all === 0) return NaN;
    return (this.pairCounts.get(`${from}\u0000${to}`)?.before(day) ?? 0) / all;
  }

  /**
   * Counts every customer's consecutive purchases in the database, in the order loadHistories reads
   * them. The window function keeps it one grouped query (SQLite 3.25+, MariaDB 10.2+, MySQL 8).
   */
  static async load(knex: Knex, products: readonly KeyedProduct[]): Promise<SeriesTransitions> {
    const keyOf = new Map(products.map((p) => [p.id, seriesKey(p)]));
    const sequenced = knex('purchases').select(
      'product_id',
      'purchase_day',
      knex.raw('LAG(product_id) OVER (PARTITION BY customer_id ORDER BY purchase_day, purchase_second, purchase_key) AS previous_product'),
    );
    const rows = (await knex
      .select('previous_product', 'product_id', 'purchase_day')
      .count({ n: '*' })
      .from(sequenced.as('sequenced'))
      .whereNotNull('previous_product')
      .groupBy('previous_product', 'product_id', 'purchase_day')) as unknown as Array<{
      previous_product: string;
      product_id: string;
      purchase_day: number | string;
      n: number | string;
    }>;
    const transitions: Transition[] = [];
    for (const r of rows) {
      const from = keyOf.get(r.previous_product);
      const to = keyOf.get(r.product_id);
      if (from !== undefined && to !== undefined) transitions.push({ from, to, day: Number(r.purchase_day), count: Number(r.n) });
    }
    return new SeriesTransitions(transitions);
  }
}
