/** The hand-written metrics behind segments: adjusted Rand index, silhouette, chi-square independence; values worked out in the test. */
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/metrics/adjusted-rand-index.js';
import { chiSquareIndependence } from '../../src/metrics/independence.js';
import { meanSilhouette } from '../../src/metrics/silhouette.js';
import { nearestCentroids } from '../../src/segments/assign-segments.js';

describe('adjustedRandIndex', () => {
  it('is 1 for a labelling against itself and against a relabelling of the same groups', () => {
    const labels = [0, 0, 1, 2, 2, 1, 0, 3];
    expect(adjustedRandIndex(labels, labels)).toBe(1);
    expect(adjustedRandIndex(labels, [5, 5, 7, 9, 9, 7, 5, 1])).toBe(1);
  });

  it('matches the contingency arithmetic on a small case', () => {
    // a = [0,0,1,1], b = [0,0,1,2]: cells 2,1,1 -> index C(2,2) = 1; rows 2,2 -> 2 pairs; columns 2,1,1 -> 1 pair;
    // 6 pairs in all; expected 2 * 1 / 6 = 1/3; maximum (2 + 1) / 2 = 3/2; ARI = (1 - 1/3) / (3/2 - 1/3) = 4/7.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
  });

  it('is below 0 for a grouping that splits every pair the other makes', () => {
    // a = [0,0,1,1], b = [0,1,0,1]: index 0; rows 2 pairs, columns 2 pairs; expected 4/6; maximum 2; ARI = -2/3 / (4/3) = -1/2.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it('refuses labellings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow('2 labels against 1');
  });
});

describe('meanSilhouette', () => {
  it('matches the definition on four points on a line', () => {
    // Points 0, 1 | 4, 5. For 0: a = 1, b = (4 + 5) / 2 = 4.5, s = 3.5 / 4.5 = 7/9; for 1: a = 1, b = 3.5, s = 5/7;
    // 4 and 5 mirror them. Mean = (7/9 + 5/7) / 2 = 47/63.
    expect(meanSilhouette([[0], [1], [4], [5]], [0, 0, 1, 1])).toBeCloseTo(47 / 63, 12);
  });

  it('scores a point alone in its cluster 0, and is NaN with a single cluster', () => {
    // 0, 1 | 9: for 0: a = 1, b = 9, s = 8/9; for 1: a = 1, b = 8, s = 7/8; 9 alone: 0. Mean = (8/9 + 7/8) / 3.
    expect(meanSilhouette([[0], [1], [9]], [0, 0, 1])).toBeCloseTo((8 / 9 + 7 / 8) / 3, 12);
    expect(meanSilhouette([[0], [1]], [0, 0])).toBeNaN();
  });
});

describe('chiSquareIndependence', () => {
  it('matches Pearson’s statistic on a 2x2 table', () => {
    // Rows 30, 30, columns 30, 30 of 60: every expected count is 15; statistic 4 * 5^2 / 15 = 20/3 on 1 df, p about 0.0098.
    const test = chiSquareIndependence([
      [10, 20],
      [20, 10],
    ])!;
    expect(test.statistic).toBeCloseTo(20 / 3, 12);
    expect(test.degreesOfFreedom).toBe(1);
    expect(test.pValue).toBeGreaterThan(0.0095);
    expect(test.pValue).toBeLessThan(0.01);
    expect(test.smallExpectedCells).toBe(0);
  });

  it('finds no difference where the rows are proportional, and nothing to test with one non-empty row', () => {
    const same = chiSquareIndependence([
      [5, 10],
      [10, 20],
      [0, 0],
    ])!;
    expect(same.statistic).toBeCloseTo(0, 12);
    expect(same.pValue).toBeCloseTo(1, 12);
    expect(same.degreesOfFreedom).toBe(1);
    expect(
      chiSquareIndependence([
        [5, 10],
        [0, 0],
      ]),
    ).toBeNull();
  });
});

describe('nearestCentroids', () => {
  it('assigns each row to the closest centroid, ties to the lower id', () => {
    const rows = Float32Array.from([0, 0, 1, 1, 0.5, 0.5, 0.9, 0.2]);
    expect(
      Array.from(
        nearestCentroids(rows, 2, [
          [0, 0],
          [1, 1],
        ]),
      ),
    ).toEqual([0, 1, 0, 1]);
  });
});
