/**
 * The horizon family (feature-set.ts): what falls inside a demand model's window [d, d + H), read
 * only from what is known on d: the terms of products bought before d, the customer's payroll
 * rhythm before d, and the calendar. Never what happened inside the window. One pure function of
 * (facts known at d, d, H), so that a demand table and a snapshot scored by a model of horizon H
 * compute the same values.
 */
import type { DayNumber } from '../domain/dates.js';
import { daysToDayOfMonth, daysToMonthEnd, daysToNationalDay, daysToQuarterEnd, daysToSpringFestival, daysToYearEnd } from '../calendar/days-to.js';

/** What the customer's tables said before d. */
export interface HorizonFacts {
  /** Maturity days on or after d of the fixed-term products held on d, with their principal in yuan. */
  maturities: ReadonlyArray<{ day: DayNumber; yuan: number }>;
  /** Day of the month they are usually paid (pay-rhythm.ts); null without a running payroll. */
  payDayOfMonth: number | null;
}

/** Calendar events whose days-to count and in-window flag are features, by the prefix of their names. */
const CALENDAR_EVENTS = [
  ['month_end', daysToMonthEnd],
  ['quarter_end', daysToQuarterEnd],
  ['year_end', daysToYearEnd],
  ['spring_festival', daysToSpringFestival],
  ['national_day', daysToNationalDay],
] as const;

/** The horizon family's values by feature name. The window is [d, d + H): day d + H is outside it. */
export function horizonFeatures(facts: HorizonFacts, asOf: DayNumber, horizonDays: number): Record<string, number> {
  const inside = (daysTo: number) => (Number.isFinite(daysTo) ? (daysTo < horizonDays ? 1 : 0) : NaN);
  const out: Record<string, number> = { horizon_days: horizonDays };
  let amount = 0;
  let count = 0;
  let next = Infinity;
  for (const m of facts.maturities) {
    if (m.day < asOf) continue;
    next = Math.min(next, m.day - asOf);
    if (m.day < asOf + horizonDays) {
      amount += m.yuan;
      count++;
    }
  }
  out.maturing_amount_horizon = amount;
  out.maturing_count_horizon = count;
  out.days_to_next_maturity = Number.isFinite(next) ? next : NaN;
  const pay = facts.payDayOfMonth === null ? NaN : daysToDayOfMonth(asOf, facts.payDayOfMonth);
  out.days_to_expected_pay = pay;
  out.pay_expected_in_horizon = Number.isFinite(pay) ? inside(pay) : 0;
  for (const [event, daysTo] of CALENDAR_EVENTS) {
    // Capped at H: past the window, the distance to a calendar event only names the day d (with under
    // a year of as-of days, days to the year end is a date), which a model would learn per day.
    const days = Math.min(daysTo(asOf), horizonDays);
    out[`days_to_${event}`] = days;
    out[`${event}_in_horizon`] = inside(days);
  }
  return out;
}
