/** A segment's name reads a number only where most of its members have it: a few buyers among customers who never bought do not name the segment. */
import { describe, expect, it } from 'vitest';
import type { BehaviourTable } from '../../features/segments/behaviour-table.js';
import { departures } from '../../workflows/segments/segment-cards.js';

const N = NaN;
/** Only the pref_risk column matters to these departures; the members are customers 0..3, the others 4..7. */
function table(risk: number[]): BehaviourTable {
  return { columns: { numbers: new Map([['pref_risk', Float32Array.from(risk)]]), categories: new Map() } } as unknown as BehaviourTable;
}
const members = [0, 1, 2, 3];
const everyone = [0, 1, 2, 3, 4, 5, 6, 7];

describe('segment name departures', () => {
  it('leaves out a number that fewer than half the segment have', () => {
    // One member of four has a preferred risk, the lowest: alone it would name the segment 偏好低风险.
    expect(departures(table([1, N, N, N, 3, 4, 5, 5]), members, everyone).map((d) => d.feature)).not.toContain('pref_risk');
  });

  it('keeps it when at least half have it, from their median percentile', () => {
    // Known: 1, 1 (members) and 3, 4, 5, 5: mid-rank percentiles of 1 are (0 + 2/2) / 6 = 1/6; the population's median of
    // 1/6, 1/6, 2.5/6, 3.5/6, 5/6, 5/6 is 3/6.
    const found = departures(table([1, 1, N, N, 3, 4, 5, 5]), members, everyone).find((d) => d.feature === 'pref_risk');
    expect(found).toMatchObject({ value: 'low', label: '偏好低风险' });
    expect(found!.segment).toBeCloseTo(1 / 6, 12);
    expect(found!.population).toBeCloseTo(3 / 6, 12);
  });
});
