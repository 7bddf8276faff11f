/** The simulated window of days, with its date strings formatted once instead of once per row. */

import { dayOfMonth, formatDay, parseDay, type DayNumber } from '../src/domain/dates.js';

/** Extra days formatted on either side: product sale dates and maturities fall a little outside. */
const MARGIN = 800;

export class Calendar {
  readonly firstDay: DayNumber;
  readonly lastDay: DayNumber;
  readonly days: number;
  private readonly labels: string[];
  private readonly monthDays: Uint8Array;
  private readonly base: DayNumber;

  constructor(lastDay: DayNumber, days: number) {
    if (!Number.isInteger(days) || days < 1) throw new Error(`days must be a positive integer, got ${days}`);
    this.lastDay = lastDay;
    this.days = days;
    this.firstDay = lastDay - days + 1;
    this.base = this.firstDay - MARGIN;
    const span = days + 2 * MARGIN;
    this.labels = new Array<string>(span);
    this.monthDays = new Uint8Array(span);
    for (let i = 0; i < span; i++) {
      this.labels[i] = formatDay(this.base + i);
      this.monthDays[i] = dayOfMonth(this.base + i);
    }
  }

  /** Parses the `endDate` option (YYYY-MM-DD) and builds the window that ends on it. */
  static ending(endDate: string, days: number): Calendar {
    const last = parseDay(endDate);
    if (last === null) throw new Error(`endDate must be a real date as YYYY-MM-DD, got "${endDate}"`);
    return new Calendar(last, days);
  }

  /** `YYYY-MM-DD` of a day. */
  label(day: DayNumber): string {
    const i = day - this.base;
    return i >= 0 && i < this.labels.length ? this.labels[i] : formatDay(day);
  }

  /** Day of the month, 1..31. */
  dayOfMonth(day: DayNumber): number {
    const i = day - this.base;
    return i >= 0 && i < this.monthDays.length ? this.monthDays[i] : dayOfMonth(day);
  }

  /** Index of a window day, 0 for the first day. */
  index(day: DayNumber): number {
    return day - this.firstDay;
  }
}
