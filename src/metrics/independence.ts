/**
 * Pearson's chi-square test of independence of a contingency table's rows and columns (e.g. segment
 * against bought / did not buy): the statistic, its degrees of freedom and p-value, and whether the
 * approximation is shaky (an expected count under 5). Rows or columns with no count are dropped first.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

export interface IndependenceTest {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Cells whose expected count is under 5: the chi-square approximation is rough there. */
  smallExpectedCells: number;
}

/** Null when fewer than two rows or two columns hold any count: there is nothing to compare. */
export function chiSquareIndependence(table: ReadonlyArray<readonly number[]>): IndependenceTest | null {
  const rowSums = table.map((r) => r.reduce((s, x) => s + x, 0));
  const width = table[0]?.length ?? 0;
  const columnSums = Array.from({ length: width }, (_, j) => table.reduce((s, r) => s + r[j], 0));
  const rows = table.map((_, i) => i).filter((i) => rowSums[i] > 0);
  const columns = columnSums.map((_, j) => j).filter((j) => columnSums[j] > 0);
  if (rows.length < 2 || columns.length < 2) return null;
  const total = rows.reduce((s, i) => s + rowSums[i], 0);
  let statistic = 0;
  let smallExpectedCells = 0;
  for (const i of rows)
    for (const j of columns) {
      const expected = (rowSums[i] * columnSums[j]) / total;
      if (expected < 5) smallExpectedCells++;
      statistic += (table[i][j] - expected) ** 2 / expected;
    }
  const degreesOfFreedom = (rows.length - 1) * (columns.length - 1);
  return { statistic, degreesOfFreedom, pValue: 1 - chisquareCdf(statistic, degreesOfFreedom), smallExpectedCells };
}
