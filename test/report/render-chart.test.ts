/** renderChart and the series styles: a vega-lite spec to labelled SVG in Node, each series in its report-wide style. */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Chart } from '../../src/report/chart.js';
import { guideLine } from '../../src/report/guides.js';
import { renderChart } from '../../src/report/render-chart.js';
import { seriesLines, seriesMarkers, type PlottedSeries } from '../../src/report/series-layers.js';
import { drawingOrder, seriesStyles } from '../../src/report/series-style.js';
import { unitAxis } from '../../src/report/unit-axis.js';
import { chartsIn, legendLabels, linesOf, markersOf, markItems, seriesIn } from './vega-svg.js';

const STYLES = seriesStyles([
  { name: 'model', role: 'main' },
  { name: 'rule', role: 'other' },
  { name: 'hindsight', role: 'bound' },
  { name: 'random', role: 'other' },
]);

function chart(series: PlottedSeries[], name = 'test'): Chart {
  return {
    name,
    title: 'A test chart: <one> & "two"',
    spec: {
      width: 200,
      height: 200,
      encoding: { x: unitAxis('x', 'share'), y: unitAxis('y', 'reached') },
      layer: [
        guideLine([
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ]),
        seriesLines(series, STYLES),
        seriesMarkers(series, STYLES),
      ],
    },
  };
}

const line = (name: string, points: Array<[number, number]>): PlottedSeries => ({
  name,
  label: `${name} · detail`,
  points: points.map(([x, y]) => ({ x, y })),
});

let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn');
});
afterEach(() => {
  warn.mockRestore();
});

describe('seriesStyles', () => {
  it('draws the main series widest and on top, a bound dashed, the others in distinct solid colours', () => {
    const [model, rule, hindsight, random] = ['model', 'rule', 'hindsight', 'random'].map((n) => STYLES.get(n)!);
    expect(model.width).toBeGreaterThan(Math.max(rule.width, hindsight.width, random.width));
    expect(model.prominent).toBe(true);
    expect(hindsight.dash[1]).toBeGreaterThan(0);
    expect([model, rule, random].map((s) => s.dash[1])).toEqual([0, 0, 0]);
    expect(new Set([model, rule, hindsight, random].map((s) => s.color)).size).toBe(4);
    expect(drawingOrder([{ name: 'model' }, { name: 'rule' }, { name: 'random' }], STYLES).map((s) => s.name)).toEqual(['rule', 'random', 'model']);
  });

  it('gives several bounds a dash each, so that the full oracle and its reachable bounds stay apart', () => {
    const styles = seriesStyles(['full', 'history', 'none'].map((name) => ({ name, role: 'bound' as const })));
    const dashes = ['full', 'history', 'none'].map((n) => styles.get(n)!.dash);
    expect(new Set(dashes.map((d) => d.join(','))).size).toBe(3);
    for (const d of dashes) expect(d[1]).toBeGreaterThan(0);
  });

  it('keeps the first style of a repeated name and draws only one series as main', () => {
    const styles = seriesStyles([
      { name: 'a', role: 'main' },
      { name: 'a', role: 'other' },
      { name: 'b', role: 'main' },
    ]);
    expect(styles.get('a')!.prominent).toBe(true);
    expect(styles.get('b')!.prominent).toBe(false);
  });
});

describe('renderChart', () => {
  it('renders in Node to an SVG with the chart name, an escaped <title>, one series per name and no warning', async () => {
    const svg = await renderChart(
      chart([
        line('rule', [
          [0, 0],
          [0.5, 0.7],
          [1, 1],
        ]),
        line('model', [
          [0, 0],
          [0.3, 0.8],
          [1, 1],
        ]),
      ]),
    );
    const c = chartsIn(svg).get('test')!;
    expect(c.open).toMatch(/^<svg data-chart="test" xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(c.body.startsWith('<title>A test chart: &lt;one&gt; &amp; &quot;two&quot;</title>')).toBe(true);
    expect(seriesIn(c)).toEqual(['rule', 'model']);
    expect(legendLabels(c)).toEqual(['rule · detail', 'model · detail']);
    expect(warn).not.toHaveBeenCalled();
  });

  it('gives a series the same stroke whichever other series the chart shows', async () => {
    const both = chartsIn(
      await renderChart(
        chart([
          line('rule', [
            [0, 0],
            [1, 1],
          ]),
          line('hindsight', [
            [0, 0],
            [0.1, 0.9],
            [1, 1],
          ]),
        ]),
      ),
    ).get('test')!;
    const alone = chartsIn(
      await renderChart(
        chart([
          line('hindsight', [
            [0, 0],
            [0.1, 0.9],
            [1, 1],
          ]),
        ]),
      ),
    ).get('test')!;
    const stroke = (c: typeof both) => {
      const [l] = linesOf(c, 'hindsight');
      return [l.stroke, l['stroke-width'], l['stroke-dasharray']];
    };
    expect(stroke(alone)).toEqual(stroke(both));
    expect(stroke(both)).toEqual([STYLES.get('hindsight')!.color, String(STYLES.get('hindsight')!.width), STYLES.get('hindsight')!.dash.join(',')]);
  });

  it('draws the points of a series in the order given, not sorted by x (a ROC curve rises vertically at a tie)', async () => {
    const c = chartsIn(
      await renderChart(
        chart([
          line('model', [
            [0, 0],
            [0.5, 0.2],
            [0.5, 0.9],
            [1, 1],
          ]),
        ]),
      ),
    ).get('test')!;
    // 200 px plot: (0.5, 0.2) -> (100, 160), then (0.5, 0.9) -> (100, 20).
    expect(linesOf(c, 'model')[0].d).toBe('M0,200L100,160L100,20L200,0');
    expect(markersOf(c, 'model')).toHaveLength(4);
  });

  it('hides guides from the series count', async () => {
    const c = chartsIn(await renderChart(chart([]))).get('test')!;
    expect(seriesIn(c)).toEqual([]);
    expect(markItems(c)).toEqual([]);
    expect(c.body).toContain('stroke-dasharray="4,4"');
  });

  it('throws, rather than drawing a broken chart, when vega cannot compile or run the spec', async () => {
    const days = { values: [{ day: '2024-06-03', y: 1 }] };
    // Vega-lite refuses an unknown mark while compiling.
    await expect(renderChart({ name: 'bad', title: 't', spec: { data: days, mark: 'no-such-mark' as 'line' } })).rejects.toThrow();
    // Vega fails while running (a formula reads a field of nothing); it would log the error and draw an empty chart.
    const broken = {
      data: days,
      transform: [{ calculate: 'datum.missing.deeper', as: 'z' }],
      mark: 'line' as const,
      encoding: { x: { field: 'day', type: 'temporal' as const }, y: { field: 'z', type: 'quantitative' as const } },
    };
    await expect(renderChart({ name: 'bad', title: 't', spec: broken })).rejects.toThrow(/deeper/);
  });
});
