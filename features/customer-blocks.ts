/**
 * Reads customers and their rows in blocks: a list of customer ids, then each table's rows for a
 * block of ids in (customer, day) order. Memory holds one block; the SQL is plain and portable
 * (MariaDB, SQLite, and the MySQL-protocol engines of docs/features.md).
 */
import type { Knex } from 'knex';
import { WRITTEN_BY_WEALTHREC_RUN } from '../src/bank/written-by-wealthrec.js';
import { CONTACT_RESPONSE_DAYS } from '../src/wide-table/feature-set.js';
import type { DayNumber } from '../src/domain/dates.js';
import type { CustomerHistory } from './point-in-time.js';
import type { ProductCatalog } from './product-catalog.js';
import { channelNumber } from './purchase-channels.js';
import { rowsAsArrays } from '../src/db/rows-as-arrays.js';

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

/** Typed columns of one table for each customer of a block: per customer, one array per selected value column. */
type Columns = Array<Array<Int32Array | Float64Array>>;

/**
 * Splits rows (customer_id first, then value columns) into per-customer typed arrays, in row order.
 * `kinds` says how each value column is stored; `map` converts a cell (e.g. a product id to its index).
 */
function byCustomer(rows: unknown[][], index: Map<string, number>, kinds: Array<'int' | 'float'>, map: (column: number, cell: unknown) => number): Columns {
  const counts = new Int32Array(index.size);
  for (const r of rows) counts[index.get(r[0] as string)!]++;
  const out: Columns = Array.from(counts, (n) => kinds.map((k) => (k === 'int' ? new Int32Array(n) : new Float64Array(n))));
  const filled = new Int32Array(index.size);
  for (const r of rows) {
    const c = index.get(r[0] as string)!;
    const at = filled[c]++;
    for (let k = 0; k < kinds.length; k++) out[c][k][at] = map(k, r[k + 1]);
  }
  return out;
}

/**
 * The contacts' answers. The bank's own contacts carry theirs; a message `campaign sent` recorded
 * (lineage WRITTEN_BY_WEALTHREC_RUN) is stored unanswered, and answered here from the purchases: the
 * promoted product bought within CONTACT_RESPONSE_DAYS of the message, the window the features wait
 * for before reading any answer, so no purchase on or after an as-of day is read.
 */
function settledResponses(contacts: Columns[number], purchases: Columns[number]): Int32Array {
  const [day, product, responded, run] = contacts as Int32Array[];
  const [boughtDay, boughtProduct] = purchases as Int32Array[];
  const out = Int32Array.from(responded);
  for (let i = 0; i < day.length; i++) {
    if (run[i] !== WRITTEN_BY_WEALTHREC_RUN || product[i] < 0) continue;
    for (let j = 0; j < boughtDay.length && boughtDay[j] < day[i] + CONTACT_RESPONSE_DAYS; j++)
      if (boughtDay[j] >= day[i] && boughtProduct[j] === product[i]) out[i] = 1;
  }
  return out;
}

const numeric = (_column: number, cell: unknown): number => (cell === null ? 0 : Number(cell)); // empty time balance means 0 (SCHEMA.md)

/**
 * Loads the histories of `ids` with every row dated on or before `lastDay`. An id missing from the
 * customers table is an error (the batch build listed them a moment before), or, with `skipMissing`
 * (rows computed on request for ids a caller names), left out.
 */
export async function loadHistories(knex: Knex, ids: string[], lastDay: DayNumber, catalog: ProductCatalog, skipMissing = false): Promise<CustomerHistory[]> {
  const index = new Map(ids.map((id, i) => [id, i]));
  const ofBlock = (table: string, dayColumn: string, columns: string[]) =>
    knex(table)
      .select('customer_id', ...columns)
      .whereIn('customer_id', ids)
      .where(dayColumn, '<=', lastDay);
  // One query at a time: SQLite has a single connection.
  const customers = await rowsAsArrays(
    knex,
    knex('customers').select('customer_id', 'gender', 'birth_day', 'open_day', 'risk_level', 'city').whereIn('customer_id', ids),
  );
  const deposits = byCustomer(
    await rowsAsArrays(knex, ofBlock('deposits', 'day', ['day', 'demand_balance_fen', 'time_balance_fen']).orderBy(['customer_id', 'day'])),
    index,
    ['int', 'float', 'float'],
    numeric,
  );
  const loans = byCustomer(
    await rowsAsArrays(knex, ofBlock('loans', 'day', ['day', 'loan_balance_fen']).orderBy(['customer_id', 'day'])),
    index,
    ['int', 'float'],
    numeric,
  );
  const salaries = byCustomer(
    await rowsAsArrays(knex, ofBlock('salaries', 'pay_day', ['pay_day', 'amount_fen']).orderBy(['customer_id', 'pay_day'])),
    index,
    ['int', 'float'],
    numeric,
  );
  const purchases = byCustomer(
    await rowsAsArrays(
      knex,
      ofBlock('purchases', 'purchase_day', ['purchase_day', 'product_id', 'amount_fen', 'channel']).orderBy([
        'customer_id',
        'purchase_day',
        'purchase_second',
        'purchase_key',
      ]),
    ),
    index,
    ['int', 'int', 'float', 'int'],
    (column, cell) => (column === 1 ? catalog.index.get(cell as string)! : column === 3 ? channelNumber(cell as string | null) : Number(cell)),
  );
  const contacts = byCustomer(
    await rowsAsArrays(
      knex,
      ofBlock('contacts', 'contacted_day', ['contacted_day', 'product_id', 'responded', 'import_run_id']).orderBy([
        'customer_id',
        'contacted_day',
        'contact_key',
      ]),
    ),
    index,
    ['int', 'int', 'int', 'int'],
    (column, cell) => (column === 1 ? (cell === null ? -1 : (catalog.index.get(cell as string) ?? -1)) : Number(cell)),
  );
  const facts = new Array<unknown[]>(ids.length);
  for (const r of customers) facts[index.get(r[0] as string)!] = r;
  return ids.flatMap((id, i) => {
    const c = facts[i];
    if (!c && skipMissing) return [];
    if (!c) throw new Error(`customer "${id}" disappeared from the customers table while the wide table was being built`);
    const [d, l, s, p, k] = [deposits[i], loans[i], salaries[i], purchases[i], contacts[i]];
    return {
      customer: {
        id,
        gender: c[1] as string | null,
        birthDay: c[2] === null ? null : Number(c[2]),
        openDay: Number(c[3]),
        riskLevel: c[4] === null ? null : Number(c[4]),
        city: c[5] as string | null,
      },
      deposits: { day: d[0] as Int32Array, demandFen: d[1] as Float64Array, timeFen: d[2] as Float64Array },
      loans: { day: l[0] as Int32Array, balanceFen: l[1] as Float64Array },
      salaries: { day: s[0] as Int32Array, amountFen: s[1] as Float64Array },
      purchases: { day: p[0] as Int32Array, product: p[1] as Int32Array, amountFen: p[2] as Float64Array, channel: p[3] as Int32Array },
      contacts: { day: k[0] as Int32Array, product: k[1] as Int32Array, responded: settledResponses(k, p) },
    };
  });
}

/** Loads the histories of `ids` a block at a time, hands each to `visit` in id order, and reports progress after every block. */
export async function forEachHistory(
  knex: Knex,
  ids: string[],
  lastDay: DayNumber,
  catalog: ProductCatalog,
  blockSize: number,
  visit: (history: CustomerHistory) => Promise<void> | void,
  onProgress?: (customersDone: number, customersTotal: number) => void,
): Promise<void> {
  for (let at = 0; at < ids.length; at += blockSize) {
    for (const history of await loadHistories(knex, ids.slice(at, at + blockSize), lastDay, catalog)) await visit(history);
    onProgress?.(Math.min(at + blockSize, ids.length), ids.length);
  }
}
