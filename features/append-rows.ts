/**
 * The one code path from (customer, as-of day) to wide-table rows, shared by training samples and
 * serving snapshots: the products on sale that the customer may buy, each with its features.
 */
import { mayBuy } from '../src/domain/eligibility.js';
import type { DayNumber } from '../src/domain/dates.js';
import { computeCrossFeatures, computeProductFeatures } from './compute-product.js';
import { computeShelfFeatures } from './compute-shelf.js';
import { describeShelf } from './shelf.js';
import { computeCustomerFeatures } from './compute-customer.js';
import { CATEGORY_FAMILY, FeatureValues, NUMBER_FAMILY } from './feature-values.js';
import { historyAsOf, type CustomerHistory, type HistoryView } from './point-in-time.js';
import type { ProductCatalog } from './product-catalog.js';
import type { WideTableBatch } from '../src/wide-table/batch.js';
import type { FeatureFamily } from '../src/wide-table/feature-set.js';

/** Families computed per (customer, product) row; `product` per product and day, the rest per customer. */
const ROW_FAMILIES: ReadonlySet<FeatureFamily> = new Set(['cross', 'shelf']);

/** Product features depend only on the product and the day: computed once per day, shared by all customers. */
export class ProductDay {
  private day = NaN;
  private onSale: number[] = [];
  private readonly values = new Map<number, FeatureValues>();

  constructor(private readonly catalog: ProductCatalog) {}

  at(day: DayNumber): { onSale: number[]; values: Map<number, FeatureValues> } {
    if (day !== this.day) {
      this.day = day;
      this.onSale = this.catalog.onSale(day);
      this.values.clear();
      for (const p of this.onSale) {
        const v = new FeatureValues();
        computeProductFeatures(this.catalog, p, day, v);
        this.values.set(p, v);
      }
    }
    return { onSale: this.onSale, values: this.values };
  }
}

/** The products on sale on the view's day that the customer may buy, given the purchases before it. */
export function eligibleProducts(view: HistoryView, catalog: ProductCatalog, productDay: ProductDay): number[] {
  const standing = { riskLevel: view.customer.riskLevel, earlierPurchases: view.purchases.day.length };
  return productDay.at(view.asOf).onSale.filter((p) => mayBuy(standing, catalog.products[p]));
}

/**
 * Appends one row per eligible product to the batch, which must have room for them. `bought` holds
 * the products bought on the day for training samples, null for snapshots. `horizonDays`: a snapshot's
 * horizon (the demand model's), which fills the horizon family; null for samples. Returns those products.
 */
export function appendRows(
  batch: WideTableBatch,
  history: CustomerHistory,
  asOf: DayNumber,
  catalog: ProductCatalog,
  productDay: ProductDay,
  bought: Set<number> | null,
  horizonDays: number | null = null,
): number[] {
  const view = historyAsOf(history, asOf);
  const customer = new FeatureValues();
  computeCustomerFeatures(view, catalog, customer, horizonDays);
  const { values: productValues } = productDay.at(asOf);
  const cross = new FeatureValues();
  const products = eligibleProducts(view, catalog, productDay);
  const shelf = describeShelf(catalog, products);
  for (const p of products) {
    computeCrossFeatures(view, catalog, p, cross);
    computeShelfFeatures(shelf, catalog, p, cross);
    const product = productValues.get(p)!;
    const row = batch.length++;
    batch.customerIds[row] = history.customer.id;
    batch.productIds[row] = catalog.products[p].id;
    batch.asOf[row] = asOf;
    if (batch.labels) batch.labels[row] = bought?.has(p) ? 1 : 0;
    for (let i = 0; i < NUMBER_FAMILY.length; i++) {
      const family = NUMBER_FAMILY[i];
      const from = family === 'product' ? product : ROW_FAMILIES.has(family) ? cross : customer;
      batch.numbers[i][row] = from.numbers[i];
    }
    for (let i = 0; i < CATEGORY_FAMILY.length; i++) {
      const family = CATEGORY_FAMILY[i];
      const from = family === 'product' ? product : ROW_FAMILIES.has(family) ? cross : customer;
      batch.categories[i][row] = from.categories[i];
    }
  }
  return products;
}
