/**
 * The live row source (src/wide-table/live-rows.ts): a customer's snapshot rows computed on request
 * with the snapshot build's own code (loadHistories, then appendRows), so a row computed now equals
 * the batch build's row for the same customer and day. The product catalog is read once and again
 * on refresh(); popularity as of a day counts only purchases before it, so purchases made today do
 * not make it stale.
 */
import type { Knex } from 'knex';
import { createBatch, type WideTableBatch } from '../src/wide-table/batch.js';
import type { LiveRowSource } from '../src/wide-table/live-rows.js';
import { appendRows, ProductDay } from './append-rows.js';
import { loadHistories } from './customer-blocks.js';
import { ProductCatalog } from './product-catalog.js';

export async function openLiveRowSource(knex: Knex): Promise<LiveRowSource> {
  let catalog = await ProductCatalog.load(knex);
  let productDay = new ProductDay(catalog);
  return {
    async rowsFor(customerIds, asOf, horizonDays) {
      // Unknown ids are left out, and customers not yet open by the day have no rows (the snapshot build's customersOpenBy).
      const histories = (await loadHistories(knex, [...customerIds], asOf - 1, catalog, true)).filter((h) => h.customer.openDay <= asOf);
      const batch: WideTableBatch = createBatch(Math.max(1, histories.length * productDay.at(asOf).onSale.length), false);
      for (const history of histories) appendRows(batch, history, asOf, catalog, productDay, null, horizonDays ?? null);
      return batch;
    },
    async refresh() {
      catalog = await ProductCatalog.load(knex);
      productDay = new ProductDay(catalog);
    },
  };
}
