/** Calendar days in bank local time, as integer day numbers (days since 1970-01-01). */

/** A bank-local calendar day: whole days since 1970-01-01. Timestamps keep their date part only. */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Day number of a calendar date, or null when the date does not exist (2024-02-30). */
export function dayFromParts(year: number, month: number, day: number): DayNumber | null {
  // Date.UTC does calendar arithmetic without any time zone: exactly what bank-local days need.
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

const recentDays = new Map<string, DayNumber | null>();
const RECENT_DAYS_LIMIT = 100_000;

/** Parses `YYYY-MM-DD`; null when malformed or not a real date. */
export function parseDay(text: string): DayNumber | null {
  // Imports parse the same few thousand dates millions of times: remember them.
  const known = recentDays.get(text);
  if (known !== undefined) return known;
  const m = DATE_PATTERN.exec(text);
  const day = m ? dayFromParts(+m[1], +m[2], +m[3]) : null;
  if (recentDays.size >= RECENT_DAYS_LIMIT) recentDays.clear();
  recentDays.set(text, day);
  return day;
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
