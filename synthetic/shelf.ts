/** What is on sale on each window day, indexed once so that the per-customer-day loop never scans the catalogue. */

import { LOYAL_MIN_PURCHASES, mayBuy } from '../src/domain/eligibility.js';
import type { Calendar } from './calendar.js';
import type { SynthProduct } from './product.js';

/**
 * The eligibility rule only distinguishes never-bought, bought-a-little and loyal customers, so a
 * customer's standing collapses to one of three classes.
 */
export function audienceClass(earlierPurchases: number): number {
  return earlierPurchases === 0 ? 0 : earlierPurchases < LOYAL_MIN_PURCHASES ? 1 : 2;
}
/** A purchase count that falls in each class. */
const CLASS_EXAMPLE = [0, 1, LOYAL_MIN_PURCHASES];
const CLASSES = 3;
const RISKS = 5;

export class Shelf {
  /** Product indexes on sale, per window day index. */
  readonly onSale: Int32Array[];
  /** Products launched that day with an SMS campaign. */
  readonly campaigns: Int32Array[];
  /** Smallest min_amount a customer of a risk level and class may buy, per day; Infinity when none. */
  private readonly minFen: Float64Array;

  constructor(
    readonly products: readonly SynthProduct[],
    cal: Calendar,
  ) {
    const onSale: number[][] = Array.from({ length: cal.days }, () => []);
    const campaigns: number[][] = Array.from({ length: cal.days }, () => []);
    for (const p of products) {
      const from = Math.max(p.saleStart, cal.firstDay);
      const to = Math.min(p.saleEnd ?? cal.lastDay, cal.lastDay);
      for (let d = from; d <= to; d++) onSale[cal.index(d)].push(p.index);
      if (p.smsRate > 0 && p.saleStart >= cal.firstDay) campaigns[cal.index(p.saleStart)].push(p.index);
    }
    this.onSale = onSale.map((list) => Int32Array.from(list));
    this.campaigns = campaigns.map((list) => Int32Array.from(list));

    this.minFen = new Float64Array(cal.days * RISKS * CLASSES).fill(Infinity);
    for (let i = 0; i < cal.days; i++) {
      for (let risk = 1; risk <= RISKS; risk++) {
        for (let cls = 0; cls < CLASSES; cls++) {
          const standing = { riskLevel: risk, earlierPurchases: CLASS_EXAMPLE[cls] };
          let min = Infinity;
          for (const j of this.onSale[i]) if (products[j].minFen < min && mayBuy(standing, products[j])) min = products[j].minFen;
          this.minFen[(i * RISKS + risk - 1) * CLASSES + cls] = min;
        }
      }
    }
  }

  /** Smallest min_amount among the products this standing may buy on a day (Infinity when none). */
  minAffordableFen(dayIndex: number, risk: number, earlierPurchases: number): number {
    return this.minFen[(dayIndex * RISKS + risk - 1) * CLASSES + audienceClass(earlierPurchases)];
  }
}
