/**
 * The rules of the day, applied to every answer and every export on top of the snapshot's rows
 * (which hold the rules as of the snapshot's day): a product is offered only when it is on sale
 * today, the customer may buy it with their current risk level and purchases (the one eligibility
 * rule, src/domain/eligibility.ts), and it is not a fixed-term product they bought since the snapshot.
 *
 * Purchases made today count as earlier purchases: a customer who made their first purchase this
 * morning is no longer offered 新客专享 (first-purchase) products this afternoon.
 */
import type { DayNumber } from '../../src/domain/dates.js';
import { alreadyHolds, mayBuy } from '../../src/domain/eligibility.js';
import type { CustomerNow } from './bank-now.js';
import { onSale, type ServedProduct } from './served-products.js';

export function offerableToday(customer: CustomerNow, product: ServedProduct, today: DayNumber): boolean {
  if (!onSale(product, today)) return false;
  if (!mayBuy({ riskLevel: customer.riskLevel, earlierPurchases: customer.purchasesBefore + customer.boughtSince.length }, product.audience)) return false;
  return !alreadyHolds(customer.boughtSince.includes(product.facts.productId) ? 1 : 0, product.facts.termDays);
}
