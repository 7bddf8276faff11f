/**
 * Builds the customer-day tables (the demand and value wide tables): one row per (customer, as-of day), with the customer's
 * features (the customer families, and the horizon family for H; product and cross columns stay unknown) and a label about the
 * horizon [d, d + H): in a demand table 1 when the customer bought any product, or one of a category;
 * in a value table the yuan they bought. Features see only days before d; the label reads
 * [d, d + H), so every as-of day needs H days of data after it.
 */
import type { Knex } from 'knex';
import { formatDay, type DayNumber } from '../src/domain/dates.js';
import { UsageError } from '../src/errors.js';
import { FEN_PER_YUAN } from '../src/domain/money.js';
import { computeCustomerFeatures } from './compute-customer.js';
import { customersOpenBy, DEFAULT_BLOCK_SIZE, forEachHistory } from './customer-blocks.js';
import { DEMAND_FAMILIES } from '../src/wide-table/feature-set.js';
import { CATEGORY_FAMILY, FeatureValues, NUMBER_FAMILY } from './feature-values.js';
import { countBefore, historyAsOf, type CustomerHistory } from './point-in-time.js';
import { ProductCatalog } from './product-catalog.js';
import { sourceDataHash } from './source-hash.js';
import { createBatch, type WideTableBatch } from '../src/wide-table/batch.js';
import { openWideTableWriter } from '../src/wide-table/writer.js';

/** What a demand row's product_id holds: the label is about any product (or the category in the table's metadata). */
export const ANY_PRODUCT = '*';
const BATCH_ROWS = 16_384;

/** As-of days `every` days apart, the last on `last`, none before `first`, ascending. */
export function asOfDaysEvery(first: DayNumber, last: DayNumber, every: number): DayNumber[] {
  const days: DayNumber[] = [];
  for (let d = last; d >= first; d -= every) days.unshift(d);
  return days;
}

export interface CustomerDayTableOptions {
  /** As-of days, each with a label over [d, d + horizonDays). */
  asOfDays: DayNumber[];
  horizonDays: number;
  /** `bought`: a demand table (0/1); `amount`: a value table (yuan bought in the horizon). */
  label?: 'bought' | 'amount';
  /** Label only purchases of this product category; null: any product. */
  category: string | null;
  out: string;
  format: 'arrow' | 'csv';
  blockSize?: number;
  onProgress?: (customersDone: number, customersTotal: number) => void;
}

export interface CustomerDayTableSummary {
  rows: number;
  customers: number;
  positives: number;
  seconds: number;
}

/** Fen the customer bought (of the category when given) in [asOf, asOf + h). */
function fenBoughtWithin(history: CustomerHistory, asOf: DayNumber, horizonDays: number, counts: (product: number) => boolean): number {
  const { day, product, amountFen } = history.purchases;
  let fen = 0;
  for (let i = countBefore(day, asOf); i < day.length && day[i] < asOf + horizonDays; i++) if (counts(product[i])) fen += amountFen[i];
  return fen;
}

export async function buildCustomerDayTable(knex: Knex, options: CustomerDayTableOptions): Promise<CustomerDayTableSummary> {
  const started = performance.now();
  if (options.asOfDays.length === 0) throw new UsageError('a demand table needs at least one as-of day');
  if (!Number.isInteger(options.horizonDays) || options.horizonDays < 1)
    throw new UsageError(`the horizon must be a whole number of days >= 1, got ${options.horizonDays}`);
  const days = [...new Set(options.asOfDays)].sort((a, b) => a - b);
  const lastLabelDay = days[days.length - 1] + options.horizonDays - 1;
  const dataEnd = (await knex('purchases').max({ d: 'purchase_day' }))[0]?.d as number | null;
  if (dataEnd === null || dataEnd === undefined || lastLabelDay > dataEnd) {
    // A horizon past the data would label as "did not buy" customers whose purchase is simply not loaded yet.
    throw new UsageError(
      `the last as-of day ${formatDay(days[days.length - 1])} needs purchases until ${formatDay(lastLabelDay)}, but the data ends ${dataEnd == null ? 'before any purchase' : formatDay(dataEnd)}`,
    );
  }
  const catalog = await ProductCatalog.load(knex);
  if (options.category !== null && !catalog.products.some((p) => p.category === options.category)) {
    throw new UsageError(
      `no product has category "${options.category}" (have: ${[...new Set(catalog.products.map((p) => p.category).filter(Boolean))].join(', ')})`,
    );
  }
  const counts = options.category === null ? () => true : (p: number) => catalog.products[p].category === options.category;
  const ids = await customersOpenBy(knex, days[days.length - 1]);
  const amounts = options.label === 'amount';
  const writer = await openWideTableWriter(options.out, options.format, {
    kind: amounts ? 'value' : 'demand',
    fromDay: days[0],
    toDay: days[days.length - 1],
    sourceHash: await sourceDataHash(knex),
    extra: { horizonDays: options.horizonDays, category: options.category, asOfDays: days.map(formatDay), customers: ids.length },
  });
  const summary: CustomerDayTableSummary = { rows: 0, customers: ids.length, positives: 0, seconds: 0 };
  const emptyBatch = (): WideTableBatch => createBatch(BATCH_ROWS, amounts ? 'amount' : true);
  let batch = emptyBatch();
  const flush = async () => {
    if (batch.length > 0) await writer.write(batch);
    summary.rows += batch.length;
    batch = emptyBatch();
  };
  // Every customer feature is set for each row; product and cross columns are written as unknown.
  const values = new FeatureValues();
  try {
    const visit = async (history: CustomerHistory) => {
      for (const day of days) {
        if (history.customer.openDay > day) continue;
        if (batch.length === BATCH_ROWS) await flush();
        computeCustomerFeatures(historyAsOf(history, day), catalog, values, options.horizonDays);
        const fen = fenBoughtWithin(history, day, options.horizonDays, counts);
        appendCustomerRow(batch, history.customer.id, day, amounts ? fen / FEN_PER_YUAN : fen > 0 ? 1 : 0, values);
        if (fen > 0) summary.positives++;
      }
    };
    await forEachHistory(knex, ids, lastLabelDay, catalog, options.blockSize ?? DEFAULT_BLOCK_SIZE, visit, options.onProgress);
    await flush();
    await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

// The horizon family is set too: it is what the table's horizon holds, known on d.
const isCustomerFamily = (family: string) => (DEMAND_FAMILIES as readonly string[]).includes(family);

function appendCustomerRow(batch: WideTableBatch, customerId: string, day: DayNumber, label: number, values: FeatureValues): void {
  const row = batch.length++;
  batch.customerIds[row] = customerId;
  batch.productIds[row] = ANY_PRODUCT;
  batch.asOf[row] = day;
  batch.labels![row] = label;
  for (let i = 0; i < NUMBER_FAMILY.length; i++) batch.numbers[i][row] = isCustomerFamily(NUMBER_FAMILY[i]) ? values.numbers[i] : NaN;
  for (let i = 0; i < CATEGORY_FAMILY.length; i++) batch.categories[i][row] = isCustomerFamily(CATEGORY_FAMILY[i]) ? values.categories[i] : null;
}
