/**
 * The first day of the lunar year (春节, 正月初一) of each Gregorian year the bank's data can span,
 * written as data rather than computed: the official dates are set by the Purple Mountain
 * Observatory and do not follow any short rule. Source: the Hong Kong Observatory's
 * Gregorian-Lunar Calendar Conversion Tables (https://www.hko.gov.hk/en/gts/time/conversion.htm),
 * which agree with the dates published by the State Council's holiday notices. ICU's Chinese
 * calendar (Intl) is a day off in 2027 and 2030, whose new moons fall within minutes of midnight.
 */
import { dayFromParts, type DayNumber } from '../domain/dates.js';

/** [year, month, day]; 2014 and 2036 bound the days-to counts of 2015..2035. */
export const SPRING_FESTIVAL_DATES: ReadonlyArray<readonly [number, number, number]> = [
  [2014, 1, 31],
  [2015, 2, 19],
  [2016, 2, 8],
  [2017, 1, 28],
  [2018, 2, 16],
  [2019, 2, 5],
  [2020, 1, 25],
  [2021, 2, 12],
  [2022, 2, 1],
  [2023, 1, 22],
  [2024, 2, 10],
  [2025, 1, 29],
  [2026, 2, 17],
  [2027, 2, 6],
  [2028, 1, 26],
  [2029, 2, 13],
  [2030, 2, 3],
  [2031, 1, 23],
  [2032, 2, 11],
  [2033, 1, 31],
  [2034, 2, 19],
  [2035, 2, 8],
  [2036, 1, 28],
];

export const SPRING_FESTIVAL_DAYS: readonly DayNumber[] = SPRING_FESTIVAL_DATES.map(([y, m, d]) => dayFromParts(y, m, d)!);
