/**
 * A metric (AUC or MRR) by test day, one line per scorer. Days where the metric does not exist
 * (one class only, no buying occasion) are skipped, not drawn as zero. The x axis is calendar
 * time, so a gap between test days shows as a gap.
 */
import { formatMetric, isNumber } from '../format.js';
import type { ScorerReport } from '../report-data.js';
import { chartFrame, type Axis } from './chart-frame.js';
import { referenceLine } from './reference-line.js';
import { decimalsOf, niceStep, ticks } from './scale.js';
import { series } from './series.js';
import { drawingOrder, seriesStyles } from './series-style.js';

export type PerDayMetric = 'auc' | 'mrr';

const METRIC_NAMES: Record<PerDayMetric, string> = { auc: 'AUC', mrr: 'MRR' };
const PLOT_WIDTH = 300;
const DAY_MS = 86_400_000;

/** The metric's value for a scorer on a day, or null when it does not exist. */
export function perDayValue(scorer: ScorerReport, day: string, metric: PerDayMetric): number | null {
  const segment = scorer.perDay?.[day];
  if (!segment) return null;
  const value = metric === 'auc' ? segment.auc : segment.ranking?.mrr;
  return isNumber(value) ? value : null;
}

/** Calendar position of each day; evenly spaced when a key is not an ISO date. */
function dayPositions(days: readonly string[]): number[] {
  const times = days.map((d) => Date.parse(`${d}T00:00:00Z`));
  return times.every(Number.isFinite) ? times.map((t) => t / DAY_MS) : days.map((_, i) => i);
}

const DAY_INSET = 18;

function dayAxis(days: readonly string[], positions: readonly number[], plotWidth: number): Axis {
  const sameYear = new Set(days.map((d) => d.slice(0, 4))).size === 1 && /^\d{4}-\d{2}-\d{2}$/.test(days[0] ?? '');
  // Labels are kept left to right while they clear the previous one: "06-03" is about 36 px wide at 11 px, "2024-06-03" about 66.
  const labelWidth = (sameYear ? 36 : 66) + 12;
  const lo = Math.min(...positions);
  const hi = Math.max(...positions);
  const pixel = (p: number) => (hi === lo ? 0 : ((p - lo) / (hi - lo)) * (plotWidth - 2 * DAY_INSET));
  const kept: number[] = [];
  days.forEach((_, i) => {
    if (kept.length === 0 || pixel(positions[i]) - pixel(positions[kept[kept.length - 1]]) >= labelWidth) kept.push(i);
  });
  // The last day is always labelled, in place of a kept label it would collide with.
  const last = days.length - 1;
  if (kept[kept.length - 1] !== last) {
    while (kept.length > 1 && pixel(positions[last]) - pixel(positions[kept[kept.length - 1]]) < labelWidth) kept.pop();
    kept.push(last);
  }
  return {
    domain: [lo, hi],
    ticks: kept.map((i) => ({ value: positions[i], label: sameYear ? days[i].slice(5) : days[i] })),
    title: sameYear ? `test day (${days[0].slice(0, 4)})` : 'test day',
    inset: DAY_INSET,
  };
}

function valueAxis(values: readonly number[], metric: PerDayMetric): Axis {
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = Math.max(0.02, (hi - lo) * 0.1);
  const step = niceStep(hi - lo + 2 * pad, 5);
  // AUC and MRR live in [0, 1]; the axis zooms in on the values but never leaves that range.
  const from = Math.max(0, Math.floor((lo - pad) / step) * step);
  const to = Math.min(1, Math.ceil((hi + pad) / step) * step);
  const decimals = decimalsOf(step);
  return { domain: [from, to], ticks: ticks(from, to, step).map((value) => ({ value, label: value.toFixed(decimals) })), title: METRIC_NAMES[metric] };
}

export function perDayChart(scorers: readonly ScorerReport[], testDays: readonly string[], metric: PerDayMetric): string {
  const styles = seriesStyles(scorers);
  const days = testDays.length ? [...testDays] : [...new Set(scorers.flatMap((s) => Object.keys(s.perDay ?? {})))].sort();
  const positions = dayPositions(days);
  const values = scorers.flatMap((s) => days.map((d) => perDayValue(s, d, metric)).filter((v): v is number => v !== null));
  const y = valueAxis(values, metric);
  const name = METRIC_NAMES[metric];
  return chartFrame(
    {
      chart: `per-day-${metric}`,
      title: `${name} by test day, one line per scorer`,
      plotWidth: PLOT_WIDTH,
      plotHeight: 300,
      x: days.length ? dayAxis(days, positions, PLOT_WIDTH) : { domain: [0, 1], ticks: [], title: 'test day' },
      y,
      legend: scorers.map((s) => ({ name: s.name, style: styles.get(s.name)!, detail: `pooled ${formatMetric(metric === 'auc' ? s.pooled.auc : s.pooled.ranking?.mrr)}` })),
    },
    (xs, ys) => {
      // AUC 0.5 is a random score; drawn only strictly inside the axis, where it cannot hide the axis line.
      const random = metric === 'auc' && y.domain[0] < 0.5 && y.domain[1] > 0.5 && days.length > 1;
      const guide = random
        ? referenceLine({ from: [positions[0], 0.5], to: [positions[positions.length - 1], 0.5], label: 'random', labelAt: 0.5, labelSide: 'above' }, xs, ys)
        : '';
      const lines = drawingOrder(scorers, styles)
        .map((s) => {
          const points = days.flatMap((day, i) => {
            const value = perDayValue(s, day, metric);
            return value === null ? [] : [{ x: positions[i], y: value, label: `${s.name}, ${day}: ${name} ${formatMetric(value)}` }];
          });
          return series(s.name, styles.get(s.name)!, points, xs, ys, { markerRadius: 3.5 });
        })
        .join('');
      return guide + lines;
    },
  );
}
