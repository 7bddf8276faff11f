/** Money is integer fen (0.01 yuan) everywhere: parsed from decimal text without floating point. */

/** An amount of money in fen (1 yuan = 100 fen); always a safe integer. */
export type Fen = number;

export const FEN_PER_YUAN = 100;

const MONEY_PATTERN = /^(\d+)(?:\.(\d+))?$/;
/** Largest amount accepted: 10^13 yuan keeps every fen value a safe integer with room to sum. */
const MAX_YUAN_DIGITS = 13;

/** Why a money text was refused, or the amount in fen. */
export type MoneyParse = { fen: Fen } | { problem: string };

/** Parses a yuan amount such as `12345.67` into fen, exactly. */
export function parseMoney(text: string): MoneyParse {
  const fen = plainMoneyFen(text);
  if (fen >= 0) return { fen };
  if (text.startsWith('-')) return { problem: `money must not be negative, got "${text}"` };
  const m = MONEY_PATTERN.exec(text);
  if (!m) return { problem: `expected money in yuan such as 12345.67, got "${text}"` };
  const [, whole, fraction = ''] = m;
  if (fraction.length > 2) return { problem: `money has at most 2 fractional digits, got "${text}"` };
  if (whole.replace(/^0+(?=\d)/, '').length > MAX_YUAN_DIGITS) return { problem: `money is implausibly large: "${text}"` };
  return { fen: Number(whole) * 100 + Number(fraction.padEnd(2, '0')) };
}

/** Formats fen as yuan with two decimals: 1234567 -> "12345.67". */
export function formatYuan(fen: Fen): string {
  const whole = Math.floor(fen / 100);
  const cents = fen - whole * 100;
  return `${whole}.${cents < 10 ? '0' : ''}${cents}`;
}

/**
 * The common case without a regular expression: up to 13 digits, optionally `.d` or `.dd`.
 * Returns -1 for anything else, which then takes the path that explains the problem.
 */
function plainMoneyFen(text: string): Fen {
  const n = text.length;
  let whole = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i === 0 || i > MAX_YUAN_DIGITS) return -1;
  if (i === n) return whole * 100;
  if (text.charCodeAt(i) !== 46 || n - i - 1 < 1 || n - i - 1 > 2) return -1; // '.', then 1 or 2 digits
  const d1 = text.charCodeAt(i + 1) - 48;
  const d2 = n - i - 1 === 2 ? text.charCodeAt(i + 2) - 48 : 0;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  return whole * 100 + d1 * 10 + d2;
}
