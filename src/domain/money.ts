/** Money is integer fen (0.01 yuan) everywhere: parsed from decimal text without floating point. */

/** An amount of money in fen (1 yuan = 100 fen); always a safe integer. */
export type Fen = number;

const MONEY_PATTERN = /^(\d+)(?:\.(\d+))?$/;
/** Largest amount accepted: 10^13 yuan keeps every fen value a safe integer with room to sum. */
const MAX_YUAN_DIGITS = 13;

/** Why a money text was refused, or the amount in fen. */
export type MoneyParse = { fen: Fen } | { problem: string };

/** Parses a yuan amount such as `12345.67` into fen, exactly. */
export function parseMoney(text: string): MoneyParse {
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
