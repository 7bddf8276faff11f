/** Calendar arithmetic on day numbers: a day's year and month, and the month's last day. */
import type { DayNumber } from '../domain/dates.js';

const MS_PER_DAY = 86_400_000;

export function yearMonthOf(day: DayNumber): { year: number; month: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

/** The last day of a month; months past 12 roll into the next years. */
export function lastDayOfMonth(year: number, month: number): DayNumber {
  // Day 0 of the next month is the last of this one; Date.UTC rolls month 13 into January.
  return Date.UTC(year, month, 0) / MS_PER_DAY;
}

/** The day with that day of the month, or the month's last day when the month is shorter (a 31st in June is the 30th). */
export function clampedDayOfMonth(year: number, month: number, dayOfMonth: number): DayNumber {
  const last = lastDayOfMonth(year, month);
  const wanted = Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
  return Math.min(wanted, last);
}
