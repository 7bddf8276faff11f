/**
 * The day of the month a customer is usually paid, read from their own payroll credits before d:
 * what a bank analyst would read off the salary table. Payroll counts as running when it was
 * credited at least twice in the year before d, the last time within PAYROLL_RUNNING_DAYS.
 */
import { dayOfMonth, type DayNumber } from '../domain/dates.js';

/** A monthly payroll not seen for longer than this (a month and a half) has stopped: a job change, a move. */
export const PAYROLL_RUNNING_DAYS = 45;
/** The credits the typical day is read from: the last half year. */
const RECENT_CREDITS = 6;

/** The median day of the month of the last credits before d (the lower one of an even count); null when payroll is not running. */
export function typicalPayDay(payDays: ArrayLike<DayNumber>, asOf: DayNumber): number | null {
  const before: DayNumber[] = [];
  for (let i = 0; i < payDays.length; i++) if (payDays[i] < asOf && payDays[i] >= asOf - 365) before.push(payDays[i]);
  if (before.length < 2 || asOf - before[before.length - 1] > PAYROLL_RUNNING_DAYS) return null;
  const days = before
    .slice(-RECENT_CREDITS)
    .map(dayOfMonth)
    .sort((a, b) => a - b);
  return days[(days.length - 1) >> 1];
}
