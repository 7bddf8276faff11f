/**
 * Number formatting shared by the HTML, the Markdown and the charts. Every formatter takes
 * `number | null | undefined` and prints "n/a" for anything not finite: a metric over an empty
 * segment is NaN in memory and null once it has been through metrics.json.
 */

export type MaybeNumber = number | null | undefined;

export const NOT_AVAILABLE = 'n/a';

export function isNumber(value: MaybeNumber): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** AUC, logloss, MRR, precision...: three decimals. */
export function formatMetric(value: MaybeNumber, decimals = 3): string {
  return isNumber(value) ? value.toFixed(decimals) : NOT_AVAILABLE;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: MaybeNumber): string {
  return isNumber(value) ? COUNT.format(value) : NOT_AVAILABLE;
}

/** A difference with its sign, e.g. +0.012 or −0.004 (true minus sign, so columns line up). */
export function formatDelta(value: MaybeNumber, decimals = 3): string {
  if (!isNumber(value)) return NOT_AVAILABLE;
  const fixed = Math.abs(value).toFixed(decimals);
  if (Number(fixed) === 0) return `±${fixed}`;
  return `${value > 0 ? '+' : '−'}${fixed}`;
}

/** A share in [0, 1] as a percentage: 0.314 -> "31%". */
export function formatPercent(value: MaybeNumber, decimals = 0): string {
  return isNumber(value) ? `${(value * 100).toFixed(decimals)}%` : NOT_AVAILABLE;
}

/** Durations as people say them: "4.2 s", "3 min 07 s", "1 h 05 min". */
export function formatSeconds(value: MaybeNumber): string {
  if (!isNumber(value)) return NOT_AVAILABLE;
  if (value < 60) return `${value.toFixed(1)} s`;
  const whole = Math.round(value);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = whole % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}
