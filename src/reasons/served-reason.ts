/**
 * A reason as an answer carries it, {code, text_zh, text_en}, made from a row's (group, value). Made
 * once per distinct pair and kept: the request path looks texts up instead of formatting them (the
 * values are rounded, so the pairs are few: amounts in ¥1,000, shares in whole percent, days).
 */
import { NO_REASON, REASON_GROUPS, REASONS_PER_ROW } from './reason-groups.js';

export interface ServedReason {
  code: string;
  text_zh: string;
  text_en: string;
}

/** Distinct values kept per group; past it texts are made anew each time (still right, a little slower). */
const MAX_KEPT = 10_000;
const kept = REASON_GROUPS.map(() => new Map<number, ServedReason>());

/** The reason of group number `group` showing `value`. */
export function servedReason(group: number, value: number): ServedReason {
  const texts = kept[group];
  const known = texts.get(value);
  if (known) return known;
  const g = REASON_GROUPS[group];
  const { zh, en } = g.text(value);
  const reason: ServedReason = Object.freeze({ code: g.code, text_zh: zh, text_en: en });
  if (texts.size < MAX_KEPT) texts.set(value, reason);
  return reason;
}

/** The reasons of row `row` of (codes, values) arrays laid out REASONS_PER_ROW per row. */
export function servedReasonsOf(codes: Uint8Array, values: Float32Array, row: number): ServedReason[] {
  const out: ServedReason[] = [];
  for (let at = row * REASONS_PER_ROW, end = at + REASONS_PER_ROW; at < end && codes[at] !== NO_REASON; at++) out.push(servedReason(codes[at], values[at]));
  return out;
}
