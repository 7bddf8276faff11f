/**
 * Do the segments differ in what they do? Chi-square tests of independence of segment against
 * bought within the horizon (when known) and against answered a marketing contact, each stated in
 * words, "no difference" included.
 */
import { chiSquareIndependence, type IndependenceTest } from '../../src/metrics/independence.js';
import type { BehaviourTable } from '../../features/segments/behaviour-table.js';

/** The conventional level: below it the rates are said to differ. */
export const SIGNIFICANCE = 0.05;

export interface DifferenceTest {
  what: 'purchase' | 'response';
  test: IndependenceTest | null;
  /** The finding in one sentence. */
  verdict: string;
}

function verdict(what: string, test: IndependenceTest | null, unknown: string): string {
  if (!test) return `${what}: ${unknown}`;
  // Below double precision the p-value prints as 0: say so rather than claim certainty.
  const p = test.pValue < 1e-15 ? '< 1e-15' : test.pValue < 1e-4 ? test.pValue.toExponential(1) : test.pValue.toFixed(4);
  const caution = test.smallExpectedCells > 0 ? ` (${test.smallExpectedCells} cell(s) expect fewer than 5: the p-value is rough)` : '';
  return test.pValue < SIGNIFICANCE
    ? `${what} differ between segments: chi-square ${test.statistic.toFixed(1)} on ${test.degreesOfFreedom} df, p ${p.startsWith('<') ? p : `= ${p}`}${caution}.`
    : `no difference in ${what} between segments could be shown: chi-square ${test.statistic.toFixed(1)} on ${test.degreesOfFreedom} df, p = ${p} (>= ${SIGNIFICANCE})${caution}.`;
}

export function segmentDifferences(table: BehaviourTable, labels: Int32Array, k: number): DifferenceTest[] {
  const purchase = Array.from({ length: k }, () => [0, 0]);
  const response = Array.from({ length: k }, () => [0, 0]);
  labels.forEach((g, i) => {
    if (table.boughtWithin) purchase[g][table.boughtWithin[i] === 1 ? 0 : 1]++;
    response[g][0] += table.contactsAnswered[i];
    response[g][1] += table.contactsClosed[i] - table.contactsAnswered[i];
  });
  const purchaseTest = table.boughtWithin ? chiSquareIndependence(purchase) : null;
  const responseTest = chiSquareIndependence(response);
  return [
    {
      what: 'purchase',
      test: purchaseTest,
      verdict: verdict(
        `purchase rates within ${table.horizonDays} days`,
        purchaseTest,
        table.boughtWithin ? 'not testable (every segment bought, or none did)' : 'not yet known (the window passes the end of the data)',
      ),
    },
    {
      what: 'response',
      test: responseTest,
      verdict: verdict('campaign response rates', responseTest, 'not testable (too few answered or unanswered contacts)'),
    },
  ];
}
