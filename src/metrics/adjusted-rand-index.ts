/**
 * The adjusted Rand index of two labellings of the same items (Hubert & Arabie 1985): 1 when they
 * group the items identically (whatever the label numbers), about 0 for unrelated groupings.
 * Hand-written: no well-kept JS package offers it, and it is a few sums over the contingency table.
 */

const pairs = (n: number) => (n * (n - 1)) / 2;

export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`adjusted Rand index: ${a.length} labels against ${b.length}`);
  const n = a.length;
  const cells = new Map<string, number>();
  const rows = new Map<number, number>();
  const columns = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}:${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    columns.set(b[i], (columns.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const c of cells.values()) index += pairs(c);
  let rowPairs = 0;
  for (const c of rows.values()) rowPairs += pairs(c);
  let columnPairs = 0;
  for (const c of columns.values()) columnPairs += pairs(c);
  const total = pairs(n);
  const expected = total === 0 ? 0 : (rowPairs * columnPairs) / total;
  const maximum = (rowPairs + columnPairs) / 2;
  // Both labellings put every item in one group (or each item alone): they agree entirely.
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}
