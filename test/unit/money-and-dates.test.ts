/** Money in exact fen and dates as bank-local day numbers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDay, parseDay, parseDayOrTimestamp } from '../../src/domain/dates.js';
import { formatYuan, parseMoney } from '../../src/domain/money.js';

describe('parseMoney', () => {
  it('parses yuan into exact fen without floating point', () => {
    expect(parseMoney('12345.67')).toEqual({ fen: 1_234_567 });
    expect(parseMoney('0.1')).toEqual({ fen: 10 });
    expect(parseMoney('100')).toEqual({ fen: 10_000 });
    // 0.1 + 0.2 style float error cannot occur: 1.15 * 100 is 114.99999999999999 in floating point.
    expect(parseMoney('1.15')).toEqual({ fen: 115 });
  });

  it('refuses negative, over-precise and non-numeric amounts with a reason', () => {
    expect(parseMoney('-5.00')).toEqual({ problem: 'money must not be negative, got "-5.00"' });
    expect(parseMoney('1.005')).toEqual({ problem: 'money has at most 2 fractional digits, got "1.005"' });
    expect(parseMoney('1e5')).toMatchObject({ problem: expect.stringContaining('expected money') });
    expect(parseMoney('1,000')).toMatchObject({ problem: expect.stringContaining('expected money') });
  });

  it('round-trips every fen amount up to the 13-digit yuan limit through formatYuan', () => {
    expect(parseMoney('10000000000000')).toMatchObject({ problem: expect.stringContaining('implausibly large') });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e15 - 1 }), (fen) => {
        expect(parseMoney(formatYuan(fen))).toEqual({ fen });
      }),
    );
  });
});

describe('dates', () => {
  it('maps calendar dates to day numbers with no time zone involved', () => {
    expect(parseDay('1970-01-01')).toBe(0);
    expect(parseDay('2024-03-01')! - parseDay('2024-02-28')!).toBe(2); // leap year
    expect(parseDay('2024-02-30')).toBeNull();
    expect(parseDay('2023-02-29')).toBeNull();
    expect(parseDay('1900-02-29')).toBeNull(); // not a leap year
    expect(parseDay('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / 86_400_000); // a leap year
    expect(parseDay('2024-13-01')).toBeNull();
    expect(parseDay('2024-06-00')).toBeNull();
    expect(parseDay('２０２４-06-01')).toBeNull();
    expect(parseDay('2024-1-05')).toBeNull();
  });

  it('keeps the date of a timestamp and its second of day', () => {
    expect(parseDayOrTimestamp('2024-06-03 10:15:00')).toEqual({ day: parseDay('2024-06-03'), secondOfDay: 36_900 });
    expect(parseDayOrTimestamp('2024-06-03')).toEqual({ day: parseDay('2024-06-03'), secondOfDay: null });
    expect(parseDayOrTimestamp('2024-06-03 24:00:00')).toBeNull();
    expect(parseDayOrTimestamp('2024-06-03T10:15:00')).toBeNull();
  });

  it('round-trips formatDay and parseDay', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 60_000 }), (day) => {
        expect(parseDay(formatDay(day))).toBe(day);
      }),
    );
  });
});
