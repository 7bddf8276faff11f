/** Prints SVG coordinates: one decimal is finer than a pixel, and a non-finite number is a bug upstream (every chart filters its points first). */

export function coordinate(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`svg coordinate: expected a finite number, got ${value}`);
  const rounded = Math.round(value * 10) / 10;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Keeps the points whose every value is a finite number (JSON turns NaN into null). */
export function finitePoints<T extends Record<string, unknown>>(points: readonly T[], keys: ReadonlyArray<keyof T>): T[] {
  return points.filter((p) => keys.every((k) => typeof p[k] === 'number' && Number.isFinite(p[k])));
}
