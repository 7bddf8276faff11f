/** The small pieces under the reports: reading the gain curve, number formats, escaping, keeping non-finite values out of charts, round ticks. */
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/report/escape-html.js';
import { finitePoints, nonFiniteValueIn } from '../../../src/report/finite-data.js';
import { formatCount, formatDelta, formatMetric, formatPercent, formatSeconds } from '../../../src/report/format.js';
import { renderChart } from '../../../src/report/render-chart.js';
import { seriesStyles } from '../../../src/report/series-style.js';
import { perDayChart } from '../../../training/report/charts/per-day-chart.js';
import { shareToReachOnGain } from '../../../training/report/reach-on-gain.js';
import { axisLabels, chartsIn } from '../../report/vega-svg.js';

describe('shareToReachOnGain', () => {
  it('interpolates between the gain points either side of the level', () => {
    // 60% reached at half the rows, 100% at all: 80% is halfway up the second segment, at 0.5 + 0.5 * 0.5.
    expect(
      shareToReachOnGain([
        { share: 0, reached: 0 },
        { share: 0.5, reached: 0.6 },
        { share: 1, reached: 1 },
      ]),
    ).toBeCloseTo(0.75, 12);
    expect(
      shareToReachOnGain([
        { share: 0, reached: 0 },
        { share: 0.2, reached: 0.8 },
        { share: 1, reached: 1 },
      ]),
    ).toBeCloseTo(0.2, 12);
  });

  it('is null for an empty curve or one that never gets there, and ignores null points', () => {
    expect(shareToReachOnGain([])).toBeNull();
    expect(shareToReachOnGain([{ share: 1, reached: 0.5 }])).toBeNull();
    const withHole = [
      { share: 0, reached: 0 },
      { share: 0.3, reached: null as unknown as number },
      { share: 0.5, reached: 0.6 },
      { share: 1, reached: 1 },
    ];
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

describe('escapeHtml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('non-finite values and charts', () => {
  const spec = (values: Array<Record<string, unknown>>) => ({
    data: { values },
    mark: 'line' as const,
    encoding: { x: { field: 'x', type: 'quantitative' as const }, y: { field: 'y', type: 'quantitative' as const } },
  });

  it('drops the points a chart cannot draw: NaN, infinite, null, missing', () => {
    const points = [
      { x: 0, y: 1 },
      { x: NaN, y: 1 },
      { x: 1, y: Infinity },
      { x: 2, y: null as unknown as number },
      { x: 3 } as { x: number; y: number },
      { x: 4, y: 0.5 },
    ];
    expect(finitePoints(points, ['x', 'y'])).toEqual([
      { x: 0, y: 1 },
      { x: 4, y: 0.5 },
    ]);
  });

  it('finds a non-finite number anywhere in a spec, and a null inside its data', () => {
    expect(nonFiniteValueIn(spec([{ x: 0, y: 1 }]))).toBeNull();
    expect(
      nonFiniteValueIn(
        spec([
          { x: 0, y: 1 },
          { x: 1, y: NaN },
        ]),
      ),
    ).toBe('spec.data.values[1].y is NaN');
    expect(nonFiniteValueIn(spec([{ x: 0, y: null }]))).toBe('spec.data.values[0].y is null');
    expect(nonFiniteValueIn({ ...spec([]), width: Infinity })).toBe('spec.width is Infinity');
    // A null outside data is vega-lite's way of saying "none" (legend: null), not a missing number.
    expect(nonFiniteValueIn({ ...spec([]), title: null })).toBeNull();
  });

  it('refuses to render a chart holding one, rather than draw it as nothing', async () => {
    await expect(
      renderChart({
        name: 'broken',
        title: 't',
        spec: spec([
          { x: 0, y: 0 },
          { x: 1, y: NaN },
        ]),
      }),
    ).rejects.toThrow('chart broken: spec.data.values[1].y is NaN');
    await expect(
      renderChart({
        name: 'fine',
        title: 't',
        spec: spec([
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ]),
      }),
    ).resolves.toMatch(/^<svg data-chart="fine" /);
  });
});

describe('axis ticks', () => {
  /** The y tick labels of a per-day chart of one series with these values. */
  async function ticksFor(values: number[], bounds: [number, number]): Promise<number[]> {
    const days = values.map((_, i) => `2024-06-${String(i + 3).padStart(2, '0')}`);
    const chart = perDayChart({
      name: 'ticks',
      title: 't',
      metric: 'AUC',
      days,
      series: [{ name: 'a', detail: '', valueOn: (day) => values[days.indexOf(day)] }],
      styles: seriesStyles([{ name: 'a', role: 'main' }]),
      bounds,
    });
    return axisLabels(chartsIn(await renderChart(chart)).get('ticks')!, 'Y').map(Number);
  }

  it('puts ticks on round numbers around the values, never outside the bounds', async () => {
    // Values 0.52 to 0.88 span 0.36: ticks every 0.05 from 0.45 to 0.95.
    expect(await ticksFor([0.52, 0.61, 0.88], [0, 1])).toEqual([0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]);
    // Near the top of [0, 1] the axis stops at 1.
    const high = await ticksFor([0.93, 0.99], [0, 1]);
    expect(high[high.length - 1]).toBe(1);
    expect(high.every((t) => Math.abs(t * 100 - Math.round(t * 100)) < 1e-9)).toBe(true);
    // A wide range gets a coarser step.
    expect(await ticksFor([0.1, 0.9], [0, 1])).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });
});
