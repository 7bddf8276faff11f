/** A hand-made catalog product for unit tests: an R1 fixed-income product, 90 days at 3%, with whatever the test overrides. */
import type { CatalogProduct } from '../../features/product-catalog.js';

export function catalogProduct(id: string, over: Partial<CatalogProduct> = {}): CatalogProduct {
  return {
    id,
    name: id,
    category: 'fixed_income',
    riskLevel: 1,
    expectedYield: 3,
    termDays: 90,
    principalProtected: 1,
    minAmountFen: 100_000,
    saleStartDay: 0,
    saleEndDay: null,
    newCustomersOnly: false,
    loyalCustomersOnly: false,
    vip: false,
    series: null,
    purchaseDays: new Int32Array(0),
    cumulativePurchases: new Int32Array(0),
    ...over,
  };
}
