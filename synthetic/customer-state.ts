/** A customer's changing state during the simulation; one instance is reused for every customer to keep the loop allocation-free. */

import type { DayNumber } from '../src/domain/dates.js';
import type { Fen } from '../src/domain/money.js';
import type { Calendar } from './calendar.js';
import type { CustomerProfile } from './customers.js';

export interface Holding {
  product: number;
  principal: Fen;
  /** Day the money comes back: product maturity, or a chosen redemption day for open-ended products. */
  maturityDay: DayNumber;
  purchaseDay: DayNumber;
}

export interface TimeLot {
  principal: Fen;
  maturityDay: DayNumber;
  rateBp: number;
  termDays: number;
}

export interface PendingContact {
  product: number;
  day: DayNumber;
  responded: boolean;
}

/** Sums over the trailing days before today, kept as running sums of a per-day series. */
export class TrailingSum {
  readonly byDay: Float64Array;
  sum = 0;
  constructor(
    days: number,
    private readonly width: number,
  ) {
    this.byDay = new Float64Array(days);
  }
  reset(fromIndex: number): void {
    this.byDay.fill(0, fromIndex);
    this.sum = 0;
  }
  /** Closes day `i`: the sum then covers days i-width+1 .. i, the trailing window of day i+1. */
  close(i: number, fromIndex: number): void {
    this.sum += this.byDay[i];
    if (i - this.width >= fromIndex) this.sum -= this.byDay[i - this.width];
    if (this.sum < 1e-6) this.sum = 0; // float residue must not look like a real inflow
  }
}

export class CustomerState {
  demandFen: Fen = 0;
  timeFen: Fen = 0;
  loanFen: Fen = 0;
  holdings: Holding[] = [];
  timeLots: TimeLot[] = [];
  pending: PendingContact[] = [];
  /** Earliest day a holding or time lot comes back: lets the loop skip the lists on most days. */
  nextReturnDay: DayNumber = Infinity;
  purchases = 0;
  lastPurchaseDay: DayNumber = -Infinity;
  lastSeries = -1;
  lastCategory = '';
  lastSalaryDay: DayNumber = -Infinity;
  lastContactDay: DayNumber = -Infinity;
  /** Slow moving average of the demand balance: what "a lot of idle money" is measured against. */
  typicalFen = 0;
  /** External money in: salary, transfers, time deposits coming back. Last 14 days. */
  readonly inflow: TrailingSum;
  /** Wealth products maturing or redeemed. Last 7 and 30 days. */
  readonly matured7: TrailingSum;
  readonly matured30: TrailingSum;
  /** Balances last written to deposits.csv / loans.csv, to write only changes. */
  writtenDemand = -1;
  writtenTime = -1;
  writtenLoan = -1;

  constructor(cal: Calendar) {
    this.inflow = new TrailingSum(cal.days, 14);
    this.matured7 = new TrailingSum(cal.days, 7);
    this.matured30 = new TrailingSum(cal.days, 30);
  }

  /** Starts a customer on their first simulated day. */
  reset(profile: CustomerProfile, firstIndex: number): void {
    this.demandFen = profile.openingDemandFen;
    this.timeFen = profile.openingTimeFen;
    this.loanFen = profile.loanFen;
    this.holdings.length = 0;
    this.timeLots.length = 0;
    this.pending.length = 0;
    if (profile.openingTimeFen > 0) {
      this.timeLots.push({ principal: profile.openingTimeFen, maturityDay: profile.openingTimeMaturity, rateBp: 165, termDays: 365 });
    }
    this.nextReturnDay = this.timeLots.length > 0 ? profile.openingTimeMaturity : Infinity;
    this.purchases = 0;
    this.lastPurchaseDay = -Infinity;
    this.lastSeries = -1;
    this.lastCategory = '';
    this.lastSalaryDay = -Infinity;
    this.lastContactDay = -Infinity;
    this.typicalFen = Math.max(profile.openingDemandFen, profile.incomeFen);
    this.inflow.reset(firstIndex);
    this.matured7.reset(firstIndex);
    this.matured30.reset(firstIndex);
    this.writtenDemand = -1;
    this.writtenTime = -1;
    this.writtenLoan = -1;
  }

  /** Recomputes the earliest return day after the holdings or lots changed. */
  refreshNextReturn(): void {
    let next = Infinity;
    for (const h of this.holdings) if (h.maturityDay < next) next = h.maturityDay;
    for (const t of this.timeLots) if (t.maturityDay < next) next = t.maturityDay;
    this.nextReturnDay = next;
  }
}
