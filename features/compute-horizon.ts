/**
 * The horizon family of a customer as of d for a window of H days (src/wide-table/horizon-features.ts),
 * from the view before d: the maturities of the fixed-term products bought before d (their contracts
 * are known on d) and the payroll rhythm. Without a horizon (purchase-occasion samples) the family is unknown.
 */
import { FEN_PER_YUAN } from '../src/domain/money.js';
import { typicalPayDay } from '../src/calendar/pay-rhythm.js';
import { FEATURES, HORIZON_FAMILY } from '../src/wide-table/feature-set.js';
import { horizonFeatures, type HorizonFacts } from '../src/wide-table/horizon-features.js';
import type { FeatureValues } from './feature-values.js';
import type { HistoryView } from './point-in-time.js';
import type { ProductCatalog } from './product-catalog.js';

const HORIZON_NAMES = FEATURES.filter((f) => f.family === HORIZON_FAMILY).map((f) => f.name);

/** What the tables said before d; a maturity is purchase day + term, as for holdings_value. */
export function horizonFactsOf(view: HistoryView, catalog: ProductCatalog): HorizonFacts {
  const { day, product, amountFen } = view.purchases;
  const maturities: HorizonFacts['maturities'][number][] = [];
  for (let i = 0; i < day.length; i++) {
    const term = catalog.products[product[i]].termDays;
    if (term > 0 && day[i] + term >= view.asOf) maturities.push({ day: day[i] + term, yuan: amountFen[i] / FEN_PER_YUAN });
  }
  return { maturities, payDayOfMonth: typicalPayDay(view.salaries.day, view.asOf) };
}

export function computeHorizonFeatures(view: HistoryView, catalog: ProductCatalog, horizonDays: number | null, out: FeatureValues): void {
  if (horizonDays === null) {
    for (const name of HORIZON_NAMES) out.set(name, NaN);
    return;
  }
  const values = horizonFeatures(horizonFactsOf(view, catalog), view.asOf, horizonDays);
  for (const name of HORIZON_NAMES) out.set(name, values[name]);
}
