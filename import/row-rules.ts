/**
 * The integrity rules of SCHEMA.md that look beyond one cell: references, sale windows, minimum
 * amounts, duplicates within the file, no date after the declared as-of date (or, without one, after
 * the import day). One checker per file being imported.
 */
import { createHash } from 'node:crypto';
import { OPT_OUT_CHANNELS, type TableSpec } from '../src/bank/tables.js';
import { formatDay, type DayNumber } from '../src/domain/dates.js';
import { formatYuan } from '../src/domain/money.js';
import { CustomerDaySeen } from './customer-day-seen.js';
import type { CellValue } from './field-parsers.js';
import type { KnownEntities } from './known-entities.js';

/** The last day a date of the data may name: the declared as-of date, or else the import day. */
export interface LatestDay {
  day: DayNumber;
  declared: boolean;
}

export interface RuleBreach {
  column: string;
  reason: string;
}

/** Checks rows of one file in order; `accept` records a row that passed, so later rows can refer to it. */
export interface RowChecker {
  check(cells: CellValue[]): RuleBreach | null;
  /** Records the accepted row and returns its identity key when the table has a content key. */
  accept(cells: CellValue[]): string | null;
}

const dayOf = (v: CellValue): number | null => (Array.isArray(v) ? v[0] : (v as number | null));

export function rowChecker(spec: TableSpec, known: KnownEntities, latest: LatestDay): RowChecker {
  const at = (name: string) => spec.columns.findIndex((c) => c.name === name);
  const customer = spec.name === 'customers' ? -1 : at('customer_id');
  const product = spec.name === 'products' ? -1 : at('product_id');
  const dates = spec.columns.flatMap((c, i) => ((c.type === 'date' || c.type === 'date_or_timestamp') && !c.planned ? [i] : []));
  const seenIds = new Set<string>();
  const seenDays = new CustomerDaySeen();
  const identity = spec.identity;
  const idColumn = identity.kind === 'id' ? at(identity.column) : identity.kind === 'content' && identity.optionalIdColumn ? at(identity.optionalIdColumn) : -1;
  const dayColumn = identity.kind === 'customer_day' ? at(identity.dayColumn) : -1;
  const channel = at('channel');
  const purchase = spec.name === 'purchases' ? { day: at('purchase_date'), amount: at('amount') } : null;
  const sale = spec.name === 'products' ? { start: at('sale_start'), end: at('sale_end') } : null;

  const check = (cells: CellValue[]): RuleBreach | null => {
    for (const i of dates) {
      const day = dayOf(cells[i]);
      if (day !== null && day > latest.day) return { column: spec.columns[i].name, reason: afterLatest(day, latest) };
    }
    // One lookup serves both the reference check and the per-customer duplicate check.
    const customerIndex = customer >= 0 ? known.customers.get(cells[customer] as string) : undefined;
    if (customer >= 0 && customerIndex === undefined) {
      const id = cells[customer] as string;
      const rejectedAt = known.rejectedCustomers.get(id);
      if (rejectedAt) return { column: 'customer_id', reason: `customer "${id}" was rejected at ${rejectedAt}` };
      return { column: 'customer_id', reason: `unknown customer "${id}": not in customers.csv nor in the database` };
    }
    if (product >= 0 && cells[product] !== null && !known.products.has(cells[product] as string)) {
      const id = cells[product] as string;
      const rejectedAt = known.rejectedProducts.get(id);
      if (rejectedAt) return { column: 'product_id', reason: `product "${id}" was rejected at ${rejectedAt}` };
      return { column: 'product_id', reason: `unknown product "${id}": not in products.csv nor in the database` };
    }
    if (idColumn >= 0 && cells[idColumn] !== null && seenIds.has(cells[idColumn] as string)) {
      return { column: spec.columns[idColumn].name, reason: `duplicate id "${cells[idColumn]}" in this file` };
    }
    if (dayColumn >= 0 && !seenDays.mark(customerIndex!, cells[dayColumn] as number)) {
      return {
        column: spec.columns[dayColumn].name,
        reason: `second row for customer "${cells[customer]}" on ${formatDay(cells[dayColumn] as number)}: at most one per customer and date`,
      };
    }
    if (identity.kind === 'customer_channel') {
      if (!(OPT_OUT_CHANNELS as readonly string[]).includes(cells[channel] as string)) {
        return { column: 'channel', reason: `expected one of ${OPT_OUT_CHANNELS.join(', ')}, got "${cells[channel]}"` };
      }
      if (seenIds.has(`${cells[customer]}\u0000${cells[channel]}`))
        return { column: 'channel', reason: `duplicate opt-out of customer "${cells[customer]}" on channel ${cells[channel]}` };
    }
    if (sale && cells[sale.end] !== null && (cells[sale.end] as number) < (cells[sale.start] as number)) {
      return { column: 'sale_end', reason: `sale ends (${formatDay(cells[sale.end] as number)}) before it starts (${formatDay(cells[sale.start] as number)})` };
    }
    if (purchase) {
      const facts = known.products.get(cells[product] as string)!;
      const day = dayOf(cells[purchase.day])!;
      if (day < facts.saleStartDay || (facts.saleEndDay !== null && day > facts.saleEndDay)) {
        const window = `${formatDay(facts.saleStartDay)}..${facts.saleEndDay === null ? 'open' : formatDay(facts.saleEndDay)}`;
        return { column: 'purchase_date', reason: `purchase on ${formatDay(day)} lies outside the product's sale window ${window}` };
      }
      if ((cells[purchase.amount] as number) < facts.minAmountFen) {
        return {
          column: 'amount',
          reason: `amount ${formatYuan(cells[purchase.amount] as number)} is below the product's min_amount ${formatYuan(facts.minAmountFen)}`,
        };
      }
    }
    return null;
  };

  const accept = (cells: CellValue[]): string | null => {
    if (spec.name === 'customers') known.addCustomer(cells[0] as string);
    if (spec.name === 'products') {
      const [start, end, min] = [at('sale_start'), at('sale_end'), at('min_amount')];
      known.products.set(cells[0] as string, {
        saleStartDay: cells[start] as number,
        saleEndDay: cells[end] as number | null,
        minAmountFen: cells[min] as number,
      });
    }
    if (idColumn >= 0 && cells[idColumn] !== null) seenIds.add(cells[idColumn] as string);
    if (identity.kind === 'customer_channel') seenIds.add(`${cells[customer]}\u0000${cells[channel]}`);
    if (identity.kind !== 'content') return null;
    if (idColumn >= 0 && cells[idColumn] !== null) return `id:${cells[idColumn]}`;
    // No id: the row's content names it; identical rows within one file are distinct events, numbered.
    const base = `h:${createHash('sha1').update(JSON.stringify(cells)).digest('hex').slice(0, 40)}`;
    let key = base;
    for (let n = 1; seenIds.has(key); n++) key = `${base}#${n}`;
    seenIds.add(key);
    return key;
  };

  return { check, accept };
}

function afterLatest(day: DayNumber, latest: LatestDay): string {
  if (latest.declared) return `date ${formatDay(day)} lies after the declared as-of date ${formatDay(latest.day)}`;
  return `date ${formatDay(day)} lies after the import day ${formatDay(latest.day)} (today in bank time; no as-of date was declared)`;
}
