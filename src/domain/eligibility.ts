/** Who may buy which product: the one rule shared by the generator, the features, serving and campaigns. */

/** Customers with at least this many earlier purchases count as loyal (老客) for loyal-only products. */
export const LOYAL_MIN_PURCHASES = 2;

/** Unknown customer risk tolerance is treated as the most conservative level (SCHEMA.md). */
export const DEFAULT_CUSTOMER_RISK = 1;

export interface ProductAudience {
  /** Product risk rating, R1..R5. */
  riskLevel: number;
  /** Only for customers who have never bought a product (新客专享). */
  newCustomersOnly: boolean;
  /** Only for customers with LOYAL_MIN_PURCHASES or more purchases (老客专享). */
  loyalCustomersOnly: boolean;
}

export interface CustomerStanding {
  /** Assessed risk tolerance C1..C5; null when unknown. */
  riskLevel: number | null;
  /** Number of purchases strictly before the day in question. */
  earlierPurchases: number;
}

/** True when the customer may buy the product: risk within tolerance and the audience flags allow it. */
export function mayBuy(customer: CustomerStanding, product: ProductAudience): boolean {
  if (product.riskLevel > (customer.riskLevel ?? DEFAULT_CUSTOMER_RISK)) return false;
  if (product.newCustomersOnly && customer.earlierPurchases > 0) return false;
  if (product.loyalCustomersOnly && customer.earlierPurchases < LOYAL_MIN_PURCHASES) return false;
  return true;
}

/**
 * What serving and campaigns leave out beyond eligibility (which the snapshot already applied: risk
 * level, new-customer-only, loyal-only, on sale that day): a fixed-term product the customer has already
 * bought. Its money is locked until maturity, and a slot on the page is better spent on another.
 */
export function alreadyHolds(boughtBefore: number, termDays: number): boolean {
  return boughtBefore === 1 && termDays > 0;
}
