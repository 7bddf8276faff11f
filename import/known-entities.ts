/**
 * The customers and products an import may refer to: those already stored plus those this import
 * adds; and those whose row this import rejected, so that a row referring to one can say where.
 */
import type { Knex } from 'knex';
import type { DayNumber } from '../src/domain/dates.js';
import type { Fen } from '../src/domain/money.js';

export interface ProductFacts {
  saleStartDay: DayNumber;
  saleEndDay: DayNumber | null;
  minAmountFen: Fen;
}

export class KnownEntities {
  /** Customer id -> a small integer, used to index per-customer memory compactly. */
  readonly customers = new Map<string, number>();
  readonly products = new Map<string, ProductFacts>();
  /** Id -> `file:line` of the first row of this import that gave it and was rejected. */
  readonly rejectedCustomers = new Map<string, string>();
  readonly rejectedProducts = new Map<string, string>();

  addCustomer(id: string): void {
    if (!this.customers.has(id)) this.customers.set(id, this.customers.size);
  }

  /** Remembers where the row of a customer or product was rejected; the first such row is the one named. */
  noteRejected(kind: 'customer' | 'product', id: string, where: string): void {
    const rejected = kind === 'customer' ? this.rejectedCustomers : this.rejectedProducts;
    if (!rejected.has(id)) rejected.set(id, where);
  }

  /** Loads what the database already holds; customer ids are streamed, not fetched in one array. */
  static async load(knex: Knex): Promise<KnownEntities> {
    const known = new KnownEntities();
    const stream = knex('customers').select('customer_id').stream();
    for await (const row of stream as AsyncIterable<{ customer_id: string }>) known.addCustomer(row.customer_id);
    const products = await knex('products').select('product_id', 'sale_start_day', 'sale_end_day', 'min_amount_fen');
    for (const p of products) {
      known.products.set(p.product_id, {
        saleStartDay: Number(p.sale_start_day),
        saleEndDay: p.sale_end_day === null ? null : Number(p.sale_end_day),
        minAmountFen: Number(p.min_amount_fen),
      });
    }
    return known;
  }
}
