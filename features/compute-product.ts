/** Features of a product on the as-of day, and of the customer-product pair. */
import { FEN_PER_YUAN } from '../src/domain/money.js';
import { DEFAULT_CUSTOMER_RISK } from '../src/domain/eligibility.js';
import { POPULARITY_WINDOWS } from '../src/wide-table/feature-set.js';
import { contactsAboutProduct7d } from './compute-contacts.js';
import type { FeatureValues } from './feature-values.js';
import type { HistoryView } from './point-in-time.js';
import type { ProductCatalog } from './product-catalog.js';
import { termBucket } from './term-bucket.js';

export function computeProductFeatures(catalog: ProductCatalog, product: number, asOf: number, out: FeatureValues): void {
  const p = catalog.products[product];
  out.set('product_risk', p.riskLevel);
  out.set('product_yield', p.expectedYield ?? NaN);
  out.set('product_term_days', p.termDays);
  out.set('principal_protected', p.principalProtected ?? NaN);
  out.set('product_min_amount', p.minAmountFen / FEN_PER_YUAN);
  out.setCategory('product_category', p.category);
  out.set('days_since_sale_start', asOf - p.saleStartDay);
  out.set('days_to_sale_end', p.saleEndDay === null ? NaN : p.saleEndDay - asOf + 1);
  out.set('new_customers_only', p.newCustomersOnly ? 1 : 0);
  out.set('loyal_customers_only', p.loyalCustomersOnly ? 1 : 0);
  out.set('vip', p.vip ? 1 : 0);
  out.setCategory('product_series', p.series);
  for (const w of POPULARITY_WINDOWS) out.set(`popularity_${w}d`, catalog.popularity(product, asOf, w));
}

export function computeCrossFeatures(view: HistoryView, catalog: ProductCatalog, product: number, out: FeatureValues): void {
  const p = catalog.products[product];
  const { day, product: bought } = view.purchases;
  const n = day.length;
  out.set('risk_gap', p.riskLevel - (view.customer.riskLevel ?? DEFAULT_CUSTOMER_RISK));
  const demandLast = view.deposits.day.length === 0 ? NaN : view.deposits.demandFen[view.deposits.day.length - 1];
  out.set('min_amount_over_balance', demandLast > 0 ? p.minAmountFen / demandLast : NaN);
  const last = n === 0 ? null : catalog.products[bought[n - 1]];
  out.set('yield_minus_last', last === null || p.expectedYield === null || last.expectedYield === null ? NaN : p.expectedYield - last.expectedYield);
  let sameCategory = 0;
  let sameBucket = 0;
  let sameProduct = 0;
  let sameSeries = 0;
  const bucket = termBucket(p.termDays);
  for (let i = 0; i < n; i++) {
    const q = catalog.products[bought[i]];
    if (q.category !== null && q.category === p.category) sameCategory++;
    if (termBucket(q.termDays) === bucket) sameBucket++;
    if (bought[i] === product) sameProduct++;
    if (q.series !== null && q.series === p.series) sameSeries++;
  }
  out.set('same_category_share', n === 0 ? NaN : sameCategory / n);
  out.set('same_term_bucket_share', n === 0 ? NaN : sameBucket / n);
  out.set('bought_product_before', sameProduct > 0 ? 1 : 0);
  out.set('contacted_about_product_7d', contactsAboutProduct7d(view, product));
  out.set('bought_series_before', sameSeries > 0 ? 1 : 0);
  out.set('same_series_as_last', last !== null && last.series !== null && last.series === p.series ? 1 : 0);
  out.set('same_category_as_last', last !== null && last.category !== null && last.category === p.category ? 1 : 0);
  // Revealed preferences: the risk and term a customer usually takes (terms compared in log, +7 days so open-ended products count).
  let riskSum = 0;
  let logTermSum = 0;
  for (let i = 0; i < n; i++) {
    const q = catalog.products[bought[i]];
    riskSum += q.riskLevel;
    logTermSum += Math.log(q.termDays + 7);
  }
  out.set('risk_minus_past_mean', n === 0 ? NaN : p.riskLevel - riskSum / n);
  out.set('log_term_gap_to_past', n === 0 ? NaN : (Math.log(p.termDays + 7) - logTermSum / n) ** 2);
}
