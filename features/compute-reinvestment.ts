/**
 * Reinvestment: money from a fixed-term holding that has just matured, or is about to, tends to go
 * into its successor. A product is linked to a holding when it is of the same series or, for
 * products without one, of the same category and term bucket.
 */
import type { FeatureValues } from './feature-values.js';
import type { HistoryView } from './point-in-time.js';
import type { ProductCatalog } from './product-catalog.js';
import { termBucket } from './term-bucket.js';

/** Holdings that matured in these many days before d, or mature within these many days from d, count as being reinvested. */
export const MATURED_WITHIN_DAYS = 14;
export const MATURING_WITHIN_DAYS = 7;

export function computeReinvestmentFeatures(view: HistoryView, catalog: ProductCatalog, product: number, out: FeatureValues): void {
  const p = catalog.products[product];
  const { day, product: bought } = view.purchases;
  let renews = 0;
  for (let i = 0; i < day.length; i++) {
    const q = catalog.products[bought[i]];
    if (q.termDays === 0 || bought[i] === product) continue;
    const matures = day[i] + q.termDays;
    if (matures < view.asOf - MATURED_WITHIN_DAYS || matures >= view.asOf + MATURING_WITHIN_DAYS) continue;
    const linked =
      p.series !== null ? q.series === p.series : q.series === null && q.category === p.category && termBucket(q.termDays) === termBucket(p.termDays);
    if (linked) renews = 1;
  }
  out.set('successor_of_maturing', renews);
}
