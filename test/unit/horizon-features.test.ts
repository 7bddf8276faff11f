/** The horizon family as a pure function of (facts known at d, d, H): the calendar, the pay rhythm and the window's edges. */
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../src/domain/dates.js';
import { daysToDayOfMonth, daysToMonthEnd, daysToNationalDay, daysToQuarterEnd, daysToSpringFestival, daysToYearEnd } from '../../src/calendar/days-to.js';
import { typicalPayDay } from '../../src/calendar/pay-rhythm.js';
import { SPRING_FESTIVAL_DATES, SPRING_FESTIVAL_DAYS } from '../../src/calendar/spring-festival.js';
import { FEATURES, HORIZON_FAMILY } from '../../src/wide-table/feature-set.js';
import { horizonFeatures } from '../../src/wide-table/horizon-features.js';

const day = (text: string) => parseDay(text)!;

describe('calendar days-to', () => {
  it('counts to the month, quarter and year end, 0 on the day itself', () => {
    expect(daysToMonthEnd(day('2024-02-20'))).toBe(9); // 2024 is a leap year: the 29th
    expect(daysToMonthEnd(day('2024-06-30'))).toBe(0);
    expect(daysToQuarterEnd(day('2024-05-01'))).toBe(60); // 30 + 30 days to 30 June
    expect(daysToQuarterEnd(day('2024-09-30'))).toBe(0);
    expect(daysToQuarterEnd(day('2024-10-01'))).toBe(91); // to 31 December
    expect(daysToYearEnd(day('2024-12-25'))).toBe(6);
  });

  it('counts to the National Day holiday, 0 through its week, then to next October', () => {
    expect(daysToNationalDay(day('2024-09-28'))).toBe(3);
    expect(daysToNationalDay(day('2024-10-07'))).toBe(0);
    expect(daysToNationalDay(day('2024-10-08'))).toBe(358); // 2025-10-01: 24 + 30 + 31 + 273 days
  });

  it('counts to the next Spring Festival of the table, NaN past it', () => {
    expect(daysToSpringFestival(day('2025-01-20'))).toBe(9); // 2025-01-29
    expect(daysToSpringFestival(day('2025-01-29'))).toBe(0);
    expect(daysToSpringFestival(day('2025-01-30'))).toBe(383); // 2026-02-17: a year to 2026-01-30, then 18 days
    expect(daysToSpringFestival(day('2036-01-29'))).toBeNaN();
  });

  it('keeps a Spring Festival table that ICU agrees with but for the two new moons at midnight', () => {
    // ICU's Chinese calendar (Intl) computes the new moon astronomically; the official dates of
    // 2027 and 2030 fall a day from it, the new moon being within minutes of Beijing midnight.
    const chinese = new Intl.DateTimeFormat('en-u-ca-chinese', { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
    const isNewYear = (d: number) => {
      const parts = chinese.formatToParts(new Date(d * 86_400_000));
      return parts.find((p) => p.type === 'month')?.value === '1' && parts.find((p) => p.type === 'day')?.value === '1';
    };
    const differing = SPRING_FESTIVAL_DATES.filter((_, i) => !isNewYear(SPRING_FESTIVAL_DAYS[i])).map(([y]) => y);
    expect(differing).toEqual([2027, 2030]);
    expect(SPRING_FESTIVAL_DATES.map(([y]) => y)).toEqual(Array.from({ length: 23 }, (_, i) => 2014 + i));
  });

  it('finds the next pay day of the month, clamped to short months', () => {
    expect(daysToDayOfMonth(day('2024-07-01'), 15)).toBe(14);
    expect(daysToDayOfMonth(day('2024-07-15'), 15)).toBe(0);
    expect(daysToDayOfMonth(day('2024-07-16'), 15)).toBe(30); // 2024-08-15
    expect(daysToDayOfMonth(day('2024-06-20'), 31)).toBe(10); // the 31st of June is the 30th
    expect(daysToDayOfMonth(day('2024-12-20'), 5)).toBe(16); // into January of the next year
  });
});

describe('typicalPayDay', () => {
  const pays = ['2024-03-15', '2024-04-15', '2024-05-15', '2024-06-10'].map(day);

  it('is the lower median day of the month of the recent credits before d', () => {
    expect(typicalPayDay(pays, day('2024-07-01'))).toBe(15); // 10, 15, 15, 15
    expect(typicalPayDay([day('2024-05-10'), day('2024-06-20')], day('2024-07-01'))).toBe(10);
  });

  it('is null without a running payroll: one credit, or none in the last 45 days', () => {
    expect(typicalPayDay(pays.slice(0, 1), day('2024-03-20'))).toBeNull();
    expect(typicalPayDay(pays, day('2024-07-25'))).toBe(15); // 45 days after 06-10
    expect(typicalPayDay(pays, day('2024-07-26'))).toBeNull();
  });

  it('never reads a credit on or after d', () => {
    expect(typicalPayDay(pays, day('2024-04-15'))).toBeNull(); // only 03-15 is before
  });
});

describe('horizonFeatures', () => {
  const asOf = day('2024-07-01');
  const facts = {
    maturities: [
      { day: day('2024-09-02'), yuan: 1000 },
      { day: day('2024-09-09'), yuan: 2000 },
    ],
    payDayOfMonth: 15,
  };

  it('returns exactly the horizon family declared in feature-set.ts', () => {
    const declared = FEATURES.filter((f) => f.family === HORIZON_FAMILY).map((f) => f.name);
    expect(Object.keys(horizonFeatures(facts, asOf, 7)).sort()).toEqual([...declared].sort());
  });

  it('counts a maturity on d + H - 1 inside the window and one on d + H outside it', () => {
    // 2024-09-02 is d + 63, 2024-09-09 is d + 70.
    expect(horizonFeatures(facts, asOf, 63)).toMatchObject({ maturing_amount_horizon: 0, maturing_count_horizon: 0, days_to_next_maturity: 63 });
    expect(horizonFeatures(facts, asOf, 64)).toMatchObject({ maturing_amount_horizon: 1000, maturing_count_horizon: 1 });
    expect(horizonFeatures(facts, asOf, 70)).toMatchObject({ maturing_amount_horizon: 1000, maturing_count_horizon: 1 });
    expect(horizonFeatures(facts, asOf, 71)).toMatchObject({ maturing_amount_horizon: 3000, maturing_count_horizon: 2 });
  });

  it('expects the pay day inside the window only when it comes before d + H', () => {
    expect(horizonFeatures(facts, asOf, 14)).toMatchObject({ days_to_expected_pay: 14, pay_expected_in_horizon: 0 });
    expect(horizonFeatures(facts, asOf, 15)).toMatchObject({ days_to_expected_pay: 14, pay_expected_in_horizon: 1 });
    const unpaid = horizonFeatures({ maturities: [], payDayOfMonth: null }, asOf, 30);
    expect(unpaid).toMatchObject({ pay_expected_in_horizon: 0, maturing_amount_horizon: 0 });
    expect(unpaid.days_to_expected_pay).toBeNaN();
    expect(unpaid.days_to_next_maturity).toBeNaN();
  });

  it('flags the calendar events inside [d, d + H), counts the days to them capped at H, and records H', () => {
    // 2024-06-25: month and quarter end in 5 days; the year end (189), National Day (98) and the Spring Festival (218) are past the window.
    const week = horizonFeatures({ maturities: [], payDayOfMonth: null }, day('2024-06-25'), 7);
    expect(week).toMatchObject({
      horizon_days: 7,
      days_to_month_end: 5,
      month_end_in_horizon: 1,
      days_to_quarter_end: 5,
      quarter_end_in_horizon: 1,
      days_to_year_end: 7,
      year_end_in_horizon: 0,
      days_to_national_day: 7,
      national_day_in_horizon: 0,
      days_to_spring_festival: 7,
      spring_festival_in_horizon: 0,
    });
    expect(horizonFeatures({ maturities: [], payDayOfMonth: null }, day('2024-06-25'), 365)).toMatchObject({ days_to_year_end: 189, year_end_in_horizon: 1 });
    const festival = horizonFeatures({ maturities: [], payDayOfMonth: null }, day('2025-01-20'), 10);
    expect(festival).toMatchObject({ days_to_spring_festival: 9, spring_festival_in_horizon: 1, month_end_in_horizon: 0 });
    expect(horizonFeatures({ maturities: [], payDayOfMonth: null }, day('2025-01-20'), 9).spring_festival_in_horizon).toBe(0);
  });
});
