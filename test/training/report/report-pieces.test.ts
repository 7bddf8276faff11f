/** The small pieces under the report: reading the gain curve, number formats, scales, escaping. */
import { describe, expect, it } from 'vitest';
import { formatCount, formatDelta, formatMetric, formatPercent, formatSeconds } from '../../../training/report/format.js';
import { shareToReachOnGain } from '../../../training/report/reach-on-gain.js';
import { coordinate } from '../../../training/report/svg/coordinate.js';
import { escapeXml } from '../../../training/report/svg/escape-xml.js';
import { niceStep, ticks } from '../../../training/report/svg/scale.js';

describe('shareToReachOnGain', () => {
  it('interpolates between the gain points either side of the level', () => {
    // 60% reached at half the rows, 100% at all: 80% is halfway up the second segment, at 0.5 + 0.5 * 0.5.
    expect(shareToReachOnGain([{ share: 0, reached: 0 }, { share: 0.5, reached: 0.6 }, { share: 1, reached: 1 }])).toBeCloseTo(0.75, 12);
    expect(shareToReachOnGain([{ share: 0, reached: 0 }, { share: 0.2, reached: 0.8 }, { share: 1, reached: 1 }])).toBeCloseTo(0.2, 12);
  });

  it('is null for an empty curve or one that never gets there, and ignores null points', () => {
    expect(shareToReachOnGain([])).toBeNull();
    expect(shareToReachOnGain([{ share: 1, reached: 0.5 }])).toBeNull();
    const withHole = [{ share: 0, reached: 0 }, { share: 0.3, reached: null as unknown as number }, { share: 0.5, reached: 0.6 }, { share: 1, reached: 1 }];
    expect(shareToReachOnGain(withHole)).toBeCloseTo(0.75, 12);
  });
});

describe('formats', () => {
  it('prints metrics, counts, deltas, shares and durations, and n/a for anything not finite', () => {
    expect(formatMetric(0.87654)).toBe('0.877');
    expect([formatMetric(null), formatMetric(NaN), formatMetric(undefined), formatMetric(Infinity)]).toEqual(['n/a', 'n/a', 'n/a', 'n/a']);
    expect(formatCount(1284530)).toBe('1,284,530');
    expect([formatDelta(0.0123), formatDelta(-0.004), formatDelta(0.0001)]).toEqual(['+0.012', '−0.004', '±0.000']);
    expect(formatPercent(0.314)).toBe('31%');
    expect([formatSeconds(4.21), formatSeconds(754.2), formatSeconds(3900)]).toEqual(['4.2 s', '12 min 34 s', '1 h 05 min']);
  });
});

describe('svg helpers', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('refuses to print a non-finite coordinate', () => {
    expect(coordinate(12.345)).toBe('12.3');
    expect(coordinate(-0.01)).toBe('0');
    expect(() => coordinate(NaN)).toThrow('finite');
  });

  it('picks nice tick steps', () => {
    expect(niceStep(0.4, 5)).toBe(0.1);
    expect(niceStep(0.23, 5)).toBe(0.05);
    expect(ticks(0.5, 0.9, 0.1)).toEqual([0.5, 0.6, 0.7, 0.8, 0.9]);
  });
});
