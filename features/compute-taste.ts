/**
 * Tastes revealed by history: how the customer's past choices stood against the shelves they
 * faced then, and how today's product stands against that habit. A customer who always took the
 * best yield of a term reveals yield sensitivity no table states.
 */
import type { FeatureValues } from './feature-values.js';
import type { HistoryView } from './point-in-time.js';
import type { ProductCatalog } from './product-catalog.js';
import { yieldPremium, yieldRank, type PastShelves, type Shelf } from './shelf.js';

export interface Taste {
  /** Mean over past purchases of the chosen yield minus its term bucket's median that day; NaN without one. */
  premiumMean: number;
  /** Mean over past purchases of the chosen yield's rank on that day's shelf (0 the best); NaN without one. */
  rankMean: number;
}

export function revealedTaste(view: HistoryView, catalog: ProductCatalog, pastShelves: PastShelves): Taste {
  const { day, product } = view.purchases;
  let premiumSum = 0;
  let rankSum = 0;
  let n = 0;
  for (let i = 0; i < day.length; i++) {
    if (catalog.products[product[i]].expectedYield === null) continue;
    const shelf = pastShelves.on(day[i]);
    premiumSum += yieldPremium(shelf, catalog, product[i]);
    rankSum += yieldRank(shelf, catalog, product[i]);
    n++;
  }
  return { premiumMean: n === 0 ? NaN : premiumSum / n, rankMean: n === 0 ? NaN : rankSum / n };
}

export function computeTasteFeatures(taste: Taste, shelf: Shelf, catalog: ProductCatalog, product: number, out: FeatureValues): void {
  out.set('past_yield_premium_mean', taste.premiumMean);
  out.set('yield_premium_vs_taste', yieldPremium(shelf, catalog, product) - taste.premiumMean);
  out.set('past_yield_rank_mean', taste.rankMean);
  out.set('yield_rank_vs_taste', yieldRank(shelf, catalog, product) - taste.rankMean);
}
