/**
 * What the bank's database says now about the rules of the day: the products (and their sale
 * windows), and each customer's risk level, account and purchases. The snapshot is a cache of
 * features; this is the truth its rows are checked against on every answer and export. It is read
 * whole when a set loads (a few bulk reads) and kept current by the change feed, which re-reads the
 * customers and products that committed imports touched.
 */
import type { Knex } from 'knex';
import { rowsAsArrays } from '../../src/db/rows-as-arrays.js';
import type { DayNumber } from '../../src/domain/dates.js';
import { loadServedProducts, type ServedProduct } from './served-products.js';

/** A customer as the rules of the day see them. */
export interface CustomerNow {
  /** The current risk assessment (C1..C5); null when the bank has none (counts as C1). */
  riskLevel: number | null;
  openDay: DayNumber;
  /** Purchases dated before the snapshot's day: those its features and eligibility saw. */
  purchasesBefore: number;
  /** Products bought on or after the snapshot's day (today's included), which its rows do not know. */
  boughtSince: readonly string[];
}

/** Rows read per query when re-reading some customers (portable IN lists). */
const CHUNK = 500;
const NO_CUSTOMER = -1;
/** risk_level NULL, stored in an Int8Array. */
const UNKNOWN_RISK = 0;

export class BankNow {
  private constructor(
    /** The snapshot's as-of day: purchases from it on are "since". */
    readonly sinceDay: DayNumber,
    private productMap: Map<string, ServedProduct>,
    private readonly numbers: ReadonlyMap<string, number>,
    /** By snapshot customer number: risk (UNKNOWN_RISK for null), open day (NO_CUSTOMER once gone), purchases before. */
    private readonly risk: Int8Array,
    private readonly openDay: Int32Array,
    private readonly purchasesBefore: Int32Array,
    /** Customers the snapshot does not hold (opened since, or with no row). */
    private readonly others: Map<string, CustomerNow>,
    private readonly boughtSince: Map<string, string[]>,
  ) {}

  /**
   * Reads the whole state; `numbers` are the snapshot's customer numbers (the arrays are indexed by
   * them). `replayDay`: the bank as it stood at the start of that past day (a replay of history), so
   * no purchase from that day on is read; risk levels are today's (the table keeps no history).
   */
  static async load(knex: Knex, sinceDay: DayNumber, numbers: ReadonlyMap<string, number>, replayDay?: DayNumber): Promise<BankNow> {
    const size = numbers.size;
    const state = new BankNow(
      sinceDay,
      await loadServedProducts(knex),
      numbers,
      new Int8Array(size),
      new Int32Array(size).fill(NO_CUSTOMER),
      new Int32Array(size),
      new Map(),
      new Map(),
    );
    state.setCustomers(await rowsAsArrays(knex, knex('customers').select('customer_id', 'risk_level', 'open_day')));
    state.setPurchaseCounts(
      await rowsAsArrays(knex, knex('purchases').select('customer_id').count({ n: '*' }).where('purchase_day', '<', sinceDay).groupBy('customer_id')),
    );
    state.setBoughtSince(
      await rowsAsArrays(
        knex,
        knex('purchases')
          .select('customer_id', 'product_id')
          .where('purchase_day', '>=', sinceDay)
          .modify((q) => (replayDay === undefined ? q : q.andWhere('purchase_day', '<', replayDay)))
          .orderBy(['customer_id', 'purchase_day']),
      ),
    );
    return state;
  }

  /** A state held in memory only (tests, tools): the products and the customers, none of them in a snapshot. */
  static inMemory(sinceDay: DayNumber, products: Map<string, ServedProduct>, customers: ReadonlyMap<string, CustomerNow>): BankNow {
    const state = new BankNow(sinceDay, products, new Map(), new Int8Array(0), new Int32Array(0), new Int32Array(0), new Map(), new Map());
    for (const [id, customer] of customers) {
      state.others.set(id, { ...customer, boughtSince: [...customer.boughtSince] });
      if (customer.boughtSince.length > 0) state.boughtSince.set(id, [...customer.boughtSince]);
    }
    return state;
  }

  get products(): ReadonlyMap<string, ServedProduct> {
    return this.productMap;
  }

  /** The customer now, or null for one the bank does not have. */
  customer(id: string): CustomerNow | null {
    const k = this.numbers.get(id);
    if (k === undefined) return this.others.get(id) ?? null;
    if (this.openDay[k] === NO_CUSTOMER) return null;
    const risk = this.risk[k];
    return {
      riskLevel: risk === UNKNOWN_RISK ? null : risk,
      openDay: this.openDay[k],
      purchasesBefore: this.purchasesBefore[k],
      boughtSince: this.boughtSince.get(id) ?? [],
    };
  }

  /** Every customer id the state holds: the snapshot's, and those opened (or read) since. */
  *customerIds(): Iterable<string> {
    yield* this.numbers.keys();
    yield* this.others.keys();
  }

  /** Re-reads these customers (an import touched their row, purchases or opt-outs). */
  async refreshCustomers(knex: Knex, ids: readonly string[]): Promise<void> {
    for (let at = 0; at < ids.length; at += CHUNK) {
      const chunk = ids.slice(at, at + CHUNK);
      for (const id of chunk) this.forget(id);
      this.setCustomers(await rowsAsArrays(knex, knex('customers').select('customer_id', 'risk_level', 'open_day').whereIn('customer_id', chunk)));
      this.setPurchaseCounts(
        await rowsAsArrays(
          knex,
          knex('purchases')
            .select('customer_id')
            .count({ n: '*' })
            .whereIn('customer_id', chunk)
            .andWhere('purchase_day', '<', this.sinceDay)
            .groupBy('customer_id'),
        ),
      );
      this.setBoughtSince(
        await rowsAsArrays(
          knex,
          knex('purchases')
            .select('customer_id', 'product_id')
            .whereIn('customer_id', chunk)
            .andWhere('purchase_day', '>=', this.sinceDay)
            .orderBy(['customer_id', 'purchase_day']),
        ),
      );
    }
  }

  /** Re-reads the products (an import launched, closed or changed one). */
  async refreshProducts(knex: Knex): Promise<void> {
    this.productMap = await loadServedProducts(knex);
  }

  private forget(id: string): void {
    const k = this.numbers.get(id);
    if (k === undefined) this.others.delete(id);
    else {
      this.openDay[k] = NO_CUSTOMER;
      this.purchasesBefore[k] = 0;
    }
    this.boughtSince.delete(id);
  }

  private setCustomers(rows: unknown[][]): void {
    for (const [id, risk, open] of rows) {
      const k = this.numbers.get(id as string);
      const riskLevel = risk === null ? null : Number(risk);
      if (k === undefined) this.others.set(id as string, { riskLevel, openDay: Number(open), purchasesBefore: 0, boughtSince: [] });
      else {
        this.risk[k] = riskLevel ?? UNKNOWN_RISK;
        this.openDay[k] = Number(open);
      }
    }
  }

  private setPurchaseCounts(rows: unknown[][]): void {
    for (const [id, n] of rows) {
      const k = this.numbers.get(id as string);
      if (k !== undefined) this.purchasesBefore[k] = Number(n);
      else {
        const other = this.others.get(id as string);
        if (other) other.purchasesBefore = Number(n);
      }
    }
  }

  private setBoughtSince(rows: unknown[][]): void {
    for (const [id, product] of rows) {
      let list = this.boughtSince.get(id as string);
      if (!list) {
        list = [];
        this.boughtSince.set(id as string, list);
      }
      list.push(product as string);
      const other = this.others.get(id as string);
      if (other) other.boughtSince = list;
    }
  }
}
