/**
 * Reads customers and their rows in blocks: a list of customer ids, then each table's rows for a
 * block of ids in (customer, day) order. Memory holds one block; the SQL is plain and portable
 * (MariaDB, SQLite, and the MySQL-protocol engines of docs/features.md).
 */
import type { Knex } from 'knex';
import type { DayNumber } from '../src/domain/dates.js';
import type { CustomerHistory } from './point-in-time.js';
import type { ProductCatalog } from './product-catalog.js';

export const DEFAULT_BLOCK_SIZE = 2000;

/** Every customer who had opened an account by `day`, in id order. */
export async function customersOpenBy(knex: Knex, day: DayNumber): Promise<string[]> {
  const rows = await knex('customers').select('customer_id').where('open_day', '<=', day).orderBy('customer_id');
  return rows.map((r) => r.customer_id as string);
}

/** Customers with at least one purchase in [fromDay, toDay], in id order: those with purchase occasions. */
export async function customersBuyingIn(knex: Knex, fromDay: DayNumber, toDay: DayNumber): Promise<string[]> {
  const rows = await knex('purchases').distinct('customer_id').whereBetween('purchase_day', [fromDay, toDay]).orderBy('customer_id');
  return rows.map((r) => r.customer_id as string);
}

function column<T extends Int32Array | Float64Array>(Kind: { new (n: number): T }, values: number[]): T {
  const out = new Kind(values.length);
  out.set(values);
  return out;
}

/** Loads the histories of `ids` with every row dated on or before `lastDay`. */
export async function loadHistories(knex: Knex, ids: string[], lastDay: DayNumber, catalog: ProductCatalog): Promise<CustomerHistory[]> {
  const [customers, deposits, loans, salaries, purchases] = await Promise.all([
    knex('customers').select('customer_id', 'gender', 'birth_day', 'open_day', 'risk_level', 'city').whereIn('customer_id', ids),
    knex('deposits').select('customer_id', 'day', 'demand_balance_fen', 'time_balance_fen').whereIn('customer_id', ids).where('day', '<=', lastDay).orderBy(['customer_id', 'day']),
    knex('loans').select('customer_id', 'day', 'loan_balance_fen').whereIn('customer_id', ids).where('day', '<=', lastDay).orderBy(['customer_id', 'day']),
    knex('salaries').select('customer_id', 'pay_day', 'amount_fen').whereIn('customer_id', ids).where('pay_day', '<=', lastDay).orderBy(['customer_id', 'pay_day']),
    knex('purchases')
      .select('customer_id', 'purchase_day', 'product_id', 'amount_fen')
      .whereIn('customer_id', ids)
      .where('purchase_day', '<=', lastDay)
      .orderBy(['customer_id', 'purchase_day', 'purchase_second', 'purchase_key']),
  ]);
  const byId = new Map<string, Record<string, number[]>>();
  for (const id of ids) {
    byId.set(id, { dDay: [], dDemand: [], dTime: [], lDay: [], lBal: [], sDay: [], sAmt: [], pDay: [], pProd: [], pAmt: [] });
  }
  for (const r of deposits) {
    const b = byId.get(r.customer_id)!;
    b.dDay.push(Number(r.day));
    b.dDemand.push(Number(r.demand_balance_fen));
    b.dTime.push(r.time_balance_fen === null ? 0 : Number(r.time_balance_fen)); // empty means 0 (SCHEMA.md)
  }
  for (const r of loans) {
    const b = byId.get(r.customer_id)!;
    b.lDay.push(Number(r.day));
    b.lBal.push(Number(r.loan_balance_fen));
  }
  for (const r of salaries) {
    const b = byId.get(r.customer_id)!;
    b.sDay.push(Number(r.pay_day));
    b.sAmt.push(Number(r.amount_fen));
  }
  for (const r of purchases) {
    const b = byId.get(r.customer_id)!;
    b.pDay.push(Number(r.purchase_day));
    b.pProd.push(catalog.index.get(r.product_id)!);
    b.pAmt.push(Number(r.amount_fen));
  }
  const facts = new Map(customers.map((c) => [c.customer_id as string, c]));
  return ids.map((id) => {
    const c = facts.get(id)!;
    const b = byId.get(id)!;
    return {
      customer: {
        id,
        gender: c.gender,
        birthDay: c.birth_day === null ? null : Number(c.birth_day),
        openDay: Number(c.open_day),
        riskLevel: c.risk_level === null ? null : Number(c.risk_level),
        city: c.city,
      },
      deposits: { day: column(Int32Array, b.dDay), demandFen: column(Float64Array, b.dDemand), timeFen: column(Float64Array, b.dTime) },
      loans: { day: column(Int32Array, b.lDay), balanceFen: column(Float64Array, b.lBal) },
      salaries: { day: column(Int32Array, b.sDay), amountFen: column(Float64Array, b.sAmt) },
      purchases: { day: column(Int32Array, b.pDay), product: column(Int32Array, b.pProd), amountFen: column(Float64Array, b.pAmt) },
    };
  });
}
