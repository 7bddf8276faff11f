/**
 * The products a campaign can be for today, as the console's picker shows them: those whose sale
 * window holds the served day, from the served set's bank state (kept current by the change feed,
 * so a launch or an early close imported since the load shows at once).
 */
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import type { BankNow } from '../live/bank-now.js';
import { onSale, type ProductFacts } from '../live/served-products.js';

export interface ProductsOnSale {
  /** The bank day the server answers for (YYYY-MM-DD). */
  day: string;
  /** By product id. */
  products: ProductFacts[];
}

export function productsOnSale(bank: BankNow, today: DayNumber): ProductsOnSale {
  const products = [...bank.products.values()]
    .filter((p) => onSale(p, today))
    .map((p) => p.facts)
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  return { day: formatDay(today), products };
}
