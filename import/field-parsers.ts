/** Turns one CSV cell into its typed value, or says why it cannot (FieldProblem). */
import type { ColumnSpec, FieldType } from '../src/bank/tables.js';
import { parseDay, parseDayOrTimestamp } from '../src/domain/dates.js';
import { parseMoney } from '../src/domain/money.js';

/** A cell that breaks its column's type; the message is the reason shown to the user. */
export class FieldProblem extends Error {}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A parsed cell: day numbers, fen and flags are numbers; a date_or_timestamp gives [day, second]. */
export type CellValue = string | number | [number, number | null] | null;

/**
 * Refuses a string longer than the column's declared limit, counted in code points as MariaDB
 * (utf8mb4) and SQLite count characters: `😀` is one character though two UTF-16 units.
 */
function withinLength(text: string, spec: ColumnSpec): string {
  const max = spec.maxLength;
  // UTF-16 units never undercount code points, so the common short cell needs no count.
  if (max === undefined || text.length <= max) return text;
  const characters = codePoints(text);
  if (characters > max) throw new FieldProblem(`longer than ${max} characters (it has ${characters})`);
  return text;
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

const parsers: Record<FieldType, (text: string, spec: ColumnSpec) => CellValue> = {
  id(text, spec) {
    withinLength(text, spec);
    if (text.trim() !== text) throw new FieldProblem(`id has leading or trailing spaces: "${text}"`);
    return text;
  },
  text: withinLength,
  date(text) {
    const day = parseDay(text);
    if (day === null) throw new FieldProblem(`expected a date YYYY-MM-DD, got "${text}"`);
    return day;
  },
  date_or_timestamp(text) {
    const parsed = parseDayOrTimestamp(text);
    if (!parsed) throw new FieldProblem(`expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, got "${text}"`);
    return [parsed.day, parsed.secondOfDay];
  },
  money(text, spec) {
    const parsed = parseMoney(text);
    if ('problem' in parsed) throw new FieldProblem(parsed.problem);
    if (spec.positive && parsed.fen === 0) throw new FieldProblem(`must be greater than 0, got "${text}"`);
    return parsed.fen;
  },
  integer(text, spec) {
    if (!INTEGER.test(text)) throw new FieldProblem(`expected an integer, got "${text}"`);
    const n = Number(text);
    if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
      throw new FieldProblem(`expected an integer in ${spec.min}..${spec.max}, got "${text}"`);
    }
    return n;
  },
  decimal(text) {
    if (!DECIMAL.test(text)) throw new FieldProblem(`expected a decimal number such as 3.85, got "${text}"`);
    return Number(text);
  },
  gender(text) {
    if (text !== 'M' && text !== 'F' && text !== 'U') throw new FieldProblem(`expected M, F or U, got "${text}"`);
    return text;
  },
  flag(text) {
    if (text !== '0' && text !== '1') throw new FieldProblem(`expected 0 or 1, got "${text}"`);
    return Number(text);
  },
  risk(text) {
    if (text.length !== 1 || text < '1' || text > '5') throw new FieldProblem(`expected a risk level 1..5, got "${text}"`);
    return Number(text);
  },
};

/** Parses a cell of the column; an empty cell is null when optional and a problem when required. */
export function parseCell(text: string, spec: ColumnSpec): CellValue {
  if (text === '') {
    if (spec.required) throw new FieldProblem('required value is empty');
    return null;
  }
  return parsers[spec.type](text, spec);
}
