/**
 * Contribution (贡献度): an estimate of the bank's yearly income from a customer's balances. The
 * bank's finance department owns the real rates; these are typical Chinese retail figures, used
 * until a bank supplies its own: the fee and margin a wealth product earns per year on its principal
 * by category, and the net interest margin on deposits.
 */
export const PRODUCT_FEE_RATE_BY_CATEGORY: Readonly<Record<string, number>> = {
  cash: 0.002,
  fixed_income: 0.005,
  bond: 0.005,
  structured: 0.006,
  mixed: 0.008,
  fund: 0.01,
  equity: 0.012,
};
/** For a product whose category is unknown or not listed. */
export const DEFAULT_PRODUCT_FEE_RATE = 0.005;
export const DEMAND_DEPOSIT_MARGIN = 0.015;
export const TIME_DEPOSIT_MARGIN = 0.005;

export function productFeeRate(category: string | null): number {
  return (category !== null && PRODUCT_FEE_RATE_BY_CATEGORY[category]) || DEFAULT_PRODUCT_FEE_RATE;
}
