/** The co-purchase family: how often everybody's next purchase after the customer's last series went to this product's. */
import type { FeatureValues } from './feature-values.js';
import type { HistoryView } from './point-in-time.js';
import type { ProductCatalog } from './product-catalog.js';
import { seriesKey } from './series-transitions.js';

export function computeCoPurchaseFeatures(view: HistoryView, catalog: ProductCatalog, product: number, out: FeatureValues): void {
  const n = view.purchases.product.length;
  const last = n === 0 ? null : catalog.products[view.purchases.product[n - 1]];
  out.set('next_series_share', last === null ? NaN : catalog.transitions.share(seriesKey(last), seriesKey(catalog.products[product]), view.asOf));
}
