/**
 * The live row source (src/wide-table/live-rows.ts): a customer's snapshot rows computed on request
 * with the snapshot build's own code (loadHistories, then appendRows), so a row computed now equals
 * the batch build's row for the same customer and day. The product catalog is read once and again
 * on refresh(); popularity as of a day counts only purchases before it, so purchases made today do
 * not make it stale.
 */
import type { Knex } from 'knex';
import type { DayNumber } from '../src/domain/dates.js';
import { createBatch, type WideTableBatch } from '../src/wide-table/batch.js';
import type { LiveRowSource } from '../src/wide-table/live-rows.js';
import { appendRows, ProductDay } from './append-rows.js';
import { loadHistories } from './customer-blocks.js';
import { ProductCatalog } from './product-catalog.js';

export async function openLiveRowSource(knex: Knex): Promise<LiveRowSource> {
  let catalog = await ProductCatalog.load(knex);
  let productDay = new ProductDay(catalog);
  return {
    async rowsFor(customerIds, asOf) {
      const known = await openCustomers(knex, customerIds, asOf);
      const histories = await loadHistories(knex, known, asOf - 1, catalog);
      const batch: WideTableBatch = createBatch(Math.max(1, histories.length * productDay.at(asOf).onSale.length), false);
      for (const history of histories) appendRows(batch, history, asOf, catalog, productDay, null);
      return batch;
    },
    async refresh() {
      catalog = await ProductCatalog.load(knex);
      productDay = new ProductDay(catalog);
    },
  };
}

/** The ids among `customerIds` of customers open by `asOf`, in the order given: the snapshot build's rule (customersOpenBy). */
async function openCustomers(knex: Knex, customerIds: readonly string[], asOf: DayNumber): Promise<string[]> {
  if (customerIds.length === 0) return [];
  const open = new Set(
    (
      await knex('customers')
        .select('customer_id')
        .whereIn('customer_id', [...customerIds])
        .andWhere('open_day', '<=', asOf)
    ).map((r) => String(r.customer_id)),
  );
  return customerIds.filter((id) => open.has(id));
}
