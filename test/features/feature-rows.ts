/** Test helpers: feature rows of a database as plain records keyed by feature name. */
import type { Knex } from 'knex';
import { appendRows, ProductDay } from '../../features/append-rows.js';
import { loadHistories } from '../../features/customer-blocks.js';
import { CATEGORY_FEATURES, NUMBER_FEATURES } from '../../src/wide-table/feature-set.js';
import type { CustomerHistory } from '../../features/point-in-time.js';
import { ProductCatalog } from '../../features/product-catalog.js';
import { createBatch, type WideTableBatch } from '../../src/wide-table/batch.js';

export type FeatureRecord = Record<string, number | string | null>;

/** Row r of a batch as { customer_id, product_id, as_of, label, <feature>: value }. */
export function rowRecord(batch: WideTableBatch, r: number): FeatureRecord {
  const rec: FeatureRecord = {
    customer_id: batch.customerIds[r],
    product_id: batch.productIds[r],
    as_of: batch.asOf[r],
    label: batch.labels ? batch.labels[r] : null,
  };
  for (const [i, f] of NUMBER_FEATURES.entries()) rec[f.name] = batch.numbers[i][r];
  for (const [i, f] of CATEGORY_FEATURES.entries()) rec[f.name] = batch.categories[i][r];
  return rec;
}

/** The rows of a loaded history on one day, through the same path as `features build` (or, with a horizon, `features snapshot --horizon`). */
export function rowsOfHistory(
  history: CustomerHistory,
  asOf: number,
  catalog: ProductCatalog,
  bought: Set<number> | null = null,
  horizonDays: number | null = null,
): FeatureRecord[] {
  const batch = createBatch(catalog.products.length, bought !== null);
  appendRows(batch, history, asOf, catalog, new ProductDay(catalog), bought, horizonDays);
  return Array.from({ length: batch.length }, (_, r) => rowRecord(batch, r));
}

/** The rows of one customer on one day, read from the database. */
export async function featureRows(
  knex: Knex,
  customerId: string,
  asOf: number,
  bought: string[] | null = null,
  horizonDays: number | null = null,
): Promise<FeatureRecord[]> {
  const catalog = await ProductCatalog.load(knex);
  const [history] = await loadHistories(knex, [customerId], asOf, catalog);
  return rowsOfHistory(history, asOf, catalog, bought ? new Set(bought.map((id) => catalog.index.get(id)!)) : null, horizonDays);
}
