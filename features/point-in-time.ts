/**
 * The point-in-time rule, written once: a feature as of day d sees only rows dated strictly before
 * d. `historyAsOf` cuts a customer's history at d (zero-copy subarrays), so the code that computes
 * features from the view cannot see the as-of day or anything after it.
 */
import type { DayNumber } from '../src/domain/dates.js';

export interface CustomerFacts {
  id: string;
  gender: string | null;
  birthDay: DayNumber | null;
  openDay: DayNumber;
  /** Null when the bank has no assessment (SCHEMA.md: counts as 1). */
  riskLevel: number | null;
  city: string | null;
}

/** A customer's rows of each table, in day order, as parallel typed arrays. Money in fen. */
export interface CustomerHistory {
  customer: CustomerFacts;
  deposits: { day: Int32Array; demandFen: Float64Array; timeFen: Float64Array };
  loans: { day: Int32Array; balanceFen: Float64Array };
  salaries: { day: Int32Array; amountFen: Float64Array };
  /** `product` indexes the ProductCatalog; `channel` is a number from purchase-channels.ts (-1 not recorded). */
  purchases: { day: Int32Array; product: Int32Array; amountFen: Float64Array; channel: Int32Array };
  /** Marketing contacts; `product` is -1 when none was promoted; `responded` 0/1, known only once the response window closed. */
  contacts: { day: Int32Array; product: Int32Array; responded: Int32Array };
}

/** The same shape, holding only what was known before `asOf`. */
export interface HistoryView extends CustomerHistory {
  asOf: DayNumber;
}

/** Number of entries of an ascending day array that lie strictly before `day` (a lower bound). */
export function countBefore(days: Int32Array, day: DayNumber): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function historyAsOf(h: CustomerHistory, asOf: DayNumber): HistoryView {
  const d = countBefore(h.deposits.day, asOf);
  const l = countBefore(h.loans.day, asOf);
  const s = countBefore(h.salaries.day, asOf);
  const p = countBefore(h.purchases.day, asOf);
  const c = countBefore(h.contacts.day, asOf);
  return {
    asOf,
    customer: h.customer,
    deposits: { day: h.deposits.day.subarray(0, d), demandFen: h.deposits.demandFen.subarray(0, d), timeFen: h.deposits.timeFen.subarray(0, d) },
    loans: { day: h.loans.day.subarray(0, l), balanceFen: h.loans.balanceFen.subarray(0, l) },
    salaries: { day: h.salaries.day.subarray(0, s), amountFen: h.salaries.amountFen.subarray(0, s) },
    purchases: {
      day: h.purchases.day.subarray(0, p),
      product: h.purchases.product.subarray(0, p),
      amountFen: h.purchases.amountFen.subarray(0, p),
      channel: h.purchases.channel.subarray(0, p),
    },
    contacts: { day: h.contacts.day.subarray(0, c), product: h.contacts.product.subarray(0, c), responded: h.contacts.responded.subarray(0, c) },
  };
}
