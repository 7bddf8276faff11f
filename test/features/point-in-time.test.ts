/** The point-in-time rule and carry-forward sums, on values whose arithmetic is written here. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceOn, carryForwardSum } from '../../features/carry-forward.js';
import { countBefore, historyAsOf, type CustomerHistory } from '../../features/point-in-time.js';

const days = (...d: number[]) => Int32Array.from(d);
const money = (...v: number[]) => Float64Array.from(v);

describe('countBefore', () => {
  it('counts the days strictly before, with repeats', () => {
    const d = days(3, 5, 5, 9);
    expect([0, 3, 4, 5, 6, 9, 10].map((x) => countBefore(d, x))).toEqual([0, 0, 1, 1, 3, 3, 4]);
  });
});

describe('carryForwardSum', () => {
  // Rows: 100 from day 10, 300 from day 13 (days 11-12 carry 100), 50 from day 20.
  const d = days(10, 13, 20);
  const v = money(100, 300, 50);

  it('carries the last row forward over days without rows', () => {
    expect(carryForwardSum(d, v, 10, 14)).toEqual({ sum: 100 * 3 + 300 * 2, days: 5 });
    expect(carryForwardSum(d, v, 12, 21)).toEqual({ sum: 100 + 300 * 7 + 50 * 2, days: 10 });
  });

  it('counts no day before the first row: the balance is unknown there', () => {
    expect(carryForwardSum(d, v, 1, 11)).toEqual({ sum: 200, days: 2 });
    expect(carryForwardSum(d, v, 1, 9)).toEqual({ sum: 0, days: 0 });
    expect(carryForwardSum(days(), money(), 1, 9)).toEqual({ sum: 0, days: 0 });
  });

  it('agrees with a day-by-day loop', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: -5, max: 70 }),
        fc.integer({ min: 0, max: 40 }),
        (raw, from, width) => {
          const sorted = [...raw].sort((a, b) => a - b);
          const values = sorted.map((x) => x * 7 + 1);
          let sum = 0;
          let known = 0;
          for (let x = from; x <= from + width; x++) {
            const k = sorted.filter((s) => s <= x).length;
            if (k > 0) {
              sum += values[k - 1];
              known++;
            }
          }
          expect(carryForwardSum(Int32Array.from(sorted), Float64Array.from(values), from, from + width)).toEqual({ sum, days: known });
        },
      ),
    );
  });

  it('gives the balance in force on a day', () => {
    expect([9, 10, 12, 13, 25].map((x) => balanceOn(d, v, x, -1))).toEqual([-1, 100, 100, 300, 50]);
  });
});

describe('historyAsOf', () => {
  it('keeps only rows dated strictly before the as-of day', () => {
    const h: CustomerHistory = {
      customer: { id: 'C1', gender: null, birthDay: null, openDay: 0, riskLevel: null, city: null },
      deposits: { day: days(1, 5, 9), demandFen: money(1, 2, 3), timeFen: money(0, 0, 0) },
      loans: { day: days(), balanceFen: money() },
      salaries: { day: days(5), amountFen: money(7) },
      purchases: { day: days(4, 5, 5), product: Int32Array.from([0, 1, 2]), amountFen: money(1, 1, 1), channel: Int32Array.from([-1, -1, -1]) },
      contacts: { day: days(3, 5), product: Int32Array.from([1, -1]), responded: Int32Array.from([1, 0]) },
    };
    const view = historyAsOf(h, 5);
    expect([...view.contacts.day]).toEqual([3]);
    expect([...view.deposits.day]).toEqual([1]);
    expect([...view.salaries.day]).toEqual([]);
    expect([...view.purchases.product]).toEqual([0]);
    expect(historyAsOf(h, 6).purchases.day.length).toBe(3);
  });
});
