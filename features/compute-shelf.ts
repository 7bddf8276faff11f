/** Features of a product against the customer's shelf that day: the products they may buy. */
import type { FeatureValues } from './feature-values.js';
import type { ProductCatalog } from './product-catalog.js';
import { yieldPremium, yieldRank, type Shelf } from './shelf.js';
import { termBucket } from './term-bucket.js';

export function computeShelfFeatures(shelf: Shelf, catalog: ProductCatalog, product: number, out: FeatureValues): void {
  const p = catalog.products[product];
  out.set('shelf_size', shelf.products.length);
  out.set('yield_minus_bucket_median', yieldPremium(shelf, catalog, product));
  const best = shelf.bucketBest.get(termBucket(p.termDays));
  out.set('yield_minus_bucket_best', p.expectedYield === null || best === undefined ? NaN : p.expectedYield - best);
  out.set('yield_rank_on_shelf', yieldRank(shelf, catalog, product));
  out.set('newest_of_series', p.series === null ? NaN : p.saleStartDay >= shelf.newestIssue.get(p.series)! ? 1 : 0);
}
