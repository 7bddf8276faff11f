/**
 * Days from d to the next calendar event on or after d: 0 when d is the day itself. A bank knows
 * its calendar in advance, so these are known on any as-of day whatever happens after it.
 */
import { dayFromParts, type DayNumber } from '../domain/dates.js';
import { clampedDayOfMonth, lastDayOfMonth, yearMonthOf } from './calendar-dates.js';
import { SPRING_FESTIVAL_DAYS } from './spring-festival.js';

export function daysToMonthEnd(d: DayNumber): number {
  const { year, month } = yearMonthOf(d);
  return lastDayOfMonth(year, month) - d;
}

/** Quarters end on 31 March, 30 June, 30 September and 31 December. */
export function daysToQuarterEnd(d: DayNumber): number {
  const { year, month } = yearMonthOf(d);
  return lastDayOfMonth(year, Math.ceil(month / 3) * 3) - d;
}

export function daysToYearEnd(d: DayNumber): number {
  return lastDayOfMonth(yearMonthOf(d).year, 12) - d;
}

/** To the next day of the National Day holiday (国庆, 1–7 October): 0 inside it. */
export function daysToNationalDay(d: DayNumber): number {
  const { year } = yearMonthOf(d);
  const first = dayFromParts(year, 10, 1)!;
  if (d < first) return first - d;
  if (d <= first + 6) return 0;
  return dayFromParts(year + 1, 10, 1)! - d;
}

/** To the next Spring Festival (正月初一) on or after d; NaN outside the table's years. */
export function daysToSpringFestival(d: DayNumber): number {
  for (const day of SPRING_FESTIVAL_DAYS) if (day >= d) return day - d;
  return NaN;
}

/** To the next day on or after d that has the day of the month `dayOfMonth` (clamped to short months). */
export function daysToDayOfMonth(d: DayNumber, dayOfMonth: number): number {
  const { year, month } = yearMonthOf(d);
  const thisMonth = clampedDayOfMonth(year, month, dayOfMonth);
  return (thisMonth >= d ? thisMonth : clampedDayOfMonth(year, month + 1, dayOfMonth)) - d;
}
