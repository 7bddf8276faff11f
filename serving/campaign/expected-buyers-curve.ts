/**
 * The expected buyers of a list against its length, for the console's chart: the cumulative sum of
 * the ranked candidates' probabilities at about a hundred list sizes (every size when there are
 * fewer candidates) plus the whole list, and the shortest list expected to reach 80% of the buyers,
 * the list `coverage: 0.8` exports (expectedCoverageLength, the same function).
 */
import { expectedCoverageLength } from '../../src/metrics/expected-coverage.js';

export interface CurvePoint {
  /** The list's length: the best `rows` candidates. */
  rows: number;
  /** The sum of their probabilities of buying. */
  expectedBuyers: number;
  /** expectedBuyers over the expected buyers of all candidates (0 when none is expected). */
  share: number;
}

export interface CoveragePoint {
  rows: number;
  /** rows over the candidates (0 when there is none). */
  fraction: number;
  expectedBuyers: number;
}

export interface ExpectedBuyersCurve {
  curve: CurvePoint[];
  point80: CoveragePoint;
}

/** About this many steps between 0 and the whole list. */
export const CURVE_STEPS = 100;
export const CHART_COVERAGE = 0.8;

/** `ranked`: the candidates' probabilities, best first. The curve starts at 0 rows and ends at all of them. */
export function expectedBuyersCurve(ranked: ArrayLike<number>, steps = CURVE_STEPS): ExpectedBuyersCurve {
  const n = ranked.length;
  // Summed in rank order, as the export sums its expected buyers: the curve's value at a list's
  // length is the export's figure for that list, to the last bit.
  const cumulative = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) cumulative[k + 1] = cumulative[k] + ranked[k];
  const total = cumulative[n];
  const point = (rows: number): CurvePoint => ({ rows, expectedBuyers: cumulative[rows], share: total > 0 ? cumulative[rows] / total : 0 });

  const curve: CurvePoint[] = [point(0)];
  for (let s = 1; s <= steps && n > 0; s++) {
    const rows = Math.ceil((s * n) / steps);
    if (rows > curve[curve.length - 1].rows) curve.push(point(rows));
  }
  const rows80 = expectedCoverageLength(ranked, CHART_COVERAGE);
  return { curve, point80: { rows: rows80, fraction: n > 0 ? rows80 / n : 0, expectedBuyers: cumulative[rows80] } };
}
