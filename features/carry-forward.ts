/**
 * Balances given as sparse rows: a day without a row keeps the last recorded balance, and before the
 * first row the balance is unknown (SCHEMA.md). These sums only ever see rows before the as-of day.
 */
import type { DayNumber } from '../src/domain/dates.js';
import { countBefore } from './point-in-time.js';

export interface WindowSum {
  sum: number;
  /** Days of the window with a known balance. */
  days: number;
}

/** Sum of the carried-forward balance over the days [from, to], counting only days with a known balance. */
export function carryForwardSum(days: Int32Array, values: Float64Array, from: DayNumber, to: DayNumber): WindowSum {
  if (days.length === 0 || to < from) return { sum: 0, days: 0 };
  const start = Math.max(from, days[0]);
  // The row in force on `start`: the last one dated on or before it.
  let i = countBefore(days, start + 1) - 1;
  let sum = 0;
  let counted = 0;
  for (; i < days.length && days[i] <= to; i++) {
    const first = Math.max(days[i], start);
    const last = Math.min(i + 1 < days.length ? days[i + 1] - 1 : to, to);
    if (last < first) continue;
    sum += values[i] * (last - first + 1);
    counted += last - first + 1;
  }
  return { sum, days: counted };
}

/** The balance in force on `day` (carried forward), or `before` when no row precedes it. */
export function balanceOn(days: Int32Array, values: Float64Array, day: DayNumber, before: number): number {
  const k = countBefore(days, day + 1);
  return k === 0 ? before : values[k - 1];
}
