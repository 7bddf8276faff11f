/** Calendar days in bank local time, as integer day numbers (days since 1970-01-01). */

/** A bank-local calendar day: whole days since 1970-01-01. Timestamps keep their date part only. */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Day number of a calendar date, or null when the date does not exist (2024-02-30). */
export function dayFromParts(year: number, month: number, day: number): DayNumber | null {
  // Date.UTC does calendar arithmetic without any time zone: exactly what bank-local days need.
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

/** Parses `YYYY-MM-DD`; null when malformed or not a real date. */
export function parseDay(text: string): DayNumber | null {
  // Read the digits by char code: imports parse millions of dates, and this is their hot path.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** The number written by text[from..to), or -1 when a character is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (bank local time) into its day and second of day. */
export function parseDayOrTimestamp(text: string): { day: DayNumber; secondOfDay: number | null } | null {
  const day = parseDay(text);
  if (day !== null) return { day, secondOfDay: null };
  const m = TIMESTAMP_PATTERN.exec(text);
  if (!m) return null;
  const date = dayFromParts(+m[1], +m[2], +m[3]);
  const [h, min, s] = [+m[4], +m[5], +m[6]];
  if (date === null || h > 23 || min > 59 || s > 59) return null;
  return { day: date, secondOfDay: h * 3600 + min * 60 + s };
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS` of a day number and second of day. */
export function formatTimestamp(day: DayNumber, secondOfDay: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  return `${formatDay(day)} ${pad(h)}:${pad(m)}:${pad(secondOfDay % 60)}`;
}

/** Day of the month (1..31) of a day number. */
export function dayOfMonth(day: DayNumber): number {
  return new Date(day * MS_PER_DAY).getUTCDate();
}

/** The bank's time zone: days are bank-local days (WEALTHREC_TIMEZONE, default China Standard Time). */
export const BANK_TIME_ZONE = process.env.WEALTHREC_TIMEZONE ?? 'Asia/Shanghai';

/** Today's day number in the bank's time zone. */
export function todayInBank(now: Date = new Date(), timeZone: string = BANK_TIME_ZONE): DayNumber {
  // en-CA formats as YYYY-MM-DD.
  return parseDay(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now))!;
}
