/**
 * Non-finite numbers stay out of charts. Chart builders drop the points they cannot draw (a metric
 * over an empty segment is NaN in memory and null once through JSON) with `finitePoints`; the
 * renderer then refuses any spec still holding one, since vega would draw it silently as nothing
 * or as zero.
 */

/** Keeps the points whose every listed value is a finite number. */
export function finitePoints<T extends object>(points: readonly T[], keys: ReadonlyArray<keyof T>): T[] {
  return points.filter((p) => keys.every((k) => typeof p[k] === 'number' && Number.isFinite(p[k])));
}

/** Where the first non-finite number sits in a spec (or a null inside inline data), as a path; null when there is none. */
export function nonFiniteValueIn(value: unknown, path = 'spec', inData = false): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${value}`;
  if (value === null || value === undefined) return inData ? `${path} is ${value}` : null;
  if (typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const found = nonFiniteValueIn(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, inData || key === 'values');
    if (found) return found;
  }
  return null;
}
