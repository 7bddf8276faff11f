/**
 * A metric by test day, one line per series, every day marked. Days where the metric does not
 * exist (one class only, no buying occasion) are skipped, not drawn as zero. With ISO dates the x
 * axis is calendar time, so a gap between test days shows as a gap. Shared by the evaluation (AUC,
 * MRR), demand (AUC, share to reach 80%) and value (MAE) reports.
 */
import { PLOT_SIZE, type Chart, type Layer } from '../../../src/report/chart.js';
import { isNumber } from '../../../src/report/format.js';
import { guideLabel, guideLine } from '../../../src/report/guides.js';
import { seriesLines, type PlottedSeries } from '../../../src/report/series-layers.js';
import type { SeriesStyles } from '../../../src/report/series-style.js';

export interface PerDaySeries {
  name: string;
  /** Shown after the name in the legend, e.g. "pooled 0.812". */
  detail: string;
  /** The metric on a day, or null/NaN where it does not exist. */
  valueOn(day: string): number | null | undefined;
}

export interface PerDayChart {
  /** The chart's name, e.g. per-day-auc. */
  name: string;
  title: string;
  /** The y axis title, e.g. "AUC". */
  metric: string;
  days: readonly string[];
  series: readonly PerDaySeries[];
  styles: SeriesStyles;
  /** The metric's natural range: the axis zooms in on the values but never leaves it. */
  bounds?: readonly [number, number];
  /** A level worth a guide (AUC 0.5 is a random score), drawn when strictly inside the axis. */
  guide?: { y: number; label: string };
  /** The y axis' d3 format, e.g. ".0%"; vega's default when absent. */
  format?: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Pixels kept free at both ends of the day axis, so markers on the first and last day clear the axes. */
const DAY_INSET = 18;
const MAX_DAY_TICKS = 10;

function dayAxis(days: readonly string[]) {
  // Calendar time needs two days and real dates; otherwise the days are evenly spaced categories.
  if (days.length < 2 || !days.every((d) => ISO_DAY.test(d) && Number.isFinite(Date.parse(d)))) {
    return {
      field: 'x',
      type: 'ordinal' as const,
      title: 'test day',
      sort: null,
      scale: { type: 'point' as const, domain: [...days], padding: 0.5 },
      axis: { labelAngle: 0 },
    };
  }
  const sameYear = new Set(days.map((d) => d.slice(0, 4))).size === 1;
  const times = days.map((d) => Date.parse(`${d}T00:00:00Z`));
  return {
    field: 'x',
    type: 'temporal' as const,
    timeUnit: 'utcyearmonthdate' as const,
    title: sameYear ? `test day (${days[0].slice(0, 4)})` : 'test day',
    // The test days span the axis even where a metric is missing on the first or last of them.
    scale: { domain: [Math.min(...times), Math.max(...times)], padding: DAY_INSET },
    // A tick on each test day while they are few; vega's own ticks, thinned where labels would collide, beyond.
    axis: { format: sameYear ? '%m-%d' : '%Y-%m-%d', labelOverlap: true, ...(days.length <= MAX_DAY_TICKS ? { values: times } : {}) },
  };
}

/** The values' range widened a little, kept inside the bounds; vega then rounds it out to whole ticks. */
function valueDomain(values: readonly number[], bounds: readonly [number, number]): [number, number] {
  if (values.length === 0) return [Math.max(bounds[0], 0), Math.min(bounds[1], 1)];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max((hi - lo) * 0.1, 0.02 * Math.max(1, Math.abs(hi)));
  return [Math.max(bounds[0], lo - pad), Math.min(bounds[1], hi + pad)];
}

export function perDayChart(c: PerDayChart): Chart {
  const days = [...c.days];
  const series: PlottedSeries[] = c.series
    .map((s) => ({
      name: s.name,
      label: `${s.name} · ${s.detail}`,
      points: days.flatMap((day) => {
        const value = s.valueOn(day);
        return isNumber(value) ? [{ x: day, y: value }] : [];
      }),
    }))
    .filter((s) => s.points.length > 0);
  const domain = valueDomain(
    series.flatMap((s) => s.points.map((p) => p.y as number)),
    c.bounds ?? [-Infinity, Infinity],
  );
  const guide: Layer[] =
    c.guide && days.length > 1 && domain[0] < c.guide.y && c.guide.y < domain[1]
      ? [
          guideLine(days.map((x) => ({ x, y: c.guide!.y }))),
          guideLabel({ x: days[Math.floor((days.length - 1) / 2)], y: c.guide.y }, c.guide.label, { dy: -7 }),
        ]
      : [];
  return {
    name: c.name,
    title: c.title,
    spec: {
      width: PLOT_SIZE,
      height: PLOT_SIZE,
      encoding: {
        x: dayAxis(days),
        y: {
          field: 'y',
          type: 'quantitative',
          title: c.metric,
          scale: { domain, zero: false, nice: true },
          ...(c.format ? { axis: { format: c.format } } : {}),
        },
      },
      layer: [...guide, seriesLines(series, c.styles, { markers: true })],
    },
  };
}
