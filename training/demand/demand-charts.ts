/**
 * The demand report's charts: the candidate's pooled gain curve with where it reaches 80% of
 * buyers, and per test day every scorer's AUC and the share of customers that holds 80% of the
 * buyers. The candidate is the main series.
 */
import type { Chart } from '../../src/report/chart.js';
import { formatMetric, formatPercent } from '../../src/report/format.js';
import { seriesStyles, type SeriesStyles } from '../../src/report/series-style.js';
import { gainChart } from '../report/charts/gain-chart.js';
import { perDayChart } from '../report/charts/per-day-chart.js';
import type { DemandEvaluation } from './evaluate-demand.js';

/** evaluateDemand names its candidate after the architecture. */
export function demandCandidate(e: DemandEvaluation): string {
  return `candidate (${e.architecture})`;
}

export function demandStyles(e: DemandEvaluation): SeriesStyles {
  const candidate = demandCandidate(e);
  return seriesStyles(Object.keys(e.pooled.scorers).map((name) => ({ name, role: name === candidate ? 'main' : 'other' })));
}

export interface DemandCharts {
  gain: Chart;
  perDayAuc: Chart;
  perDayReach: Chart;
}

export function demandCharts(e: DemandEvaluation, styles: SeriesStyles): DemandCharts {
  const names = Object.keys(e.pooled.scorers);
  const days = e.days.map((d) => d.day);
  const scoreOn = (name: string, day: string) => e.days.find((d) => d.day === day)?.scorers[name];
  return {
    gain: gainChart([{ name: demandCandidate(e), gain: e.gain }], styles, { rows: 'customers', reached: 'buyers' }),
    perDayAuc: perDayChart({
      name: 'per-day-auc',
      title: 'AUC by test day, one line per scorer',
      metric: 'AUC',
      days,
      series: names.map((name) => ({ name, detail: `pooled ${formatMetric(e.pooled.scorers[name].auc)}`, valueOn: (day) => scoreOn(name, day)?.auc })),
      styles,
      bounds: [0, 1],
      guide: { y: 0.5, label: 'random' },
    }),
    perDayReach: perDayChart({
      name: 'per-day-reach',
      title: 'Share of customers, best first, holding 80% of the buyers, by test day; lower is better',
      metric: 'customers to contact for 80% of buyers',
      days,
      series: names.map((name) => ({
        name,
        detail: `pooled ${formatPercent(e.pooled.scorers[name].shareFor80, 1)}`,
        valueOn: (day) => scoreOn(name, day)?.shareFor80,
      })),
      styles,
      bounds: [0, 1],
      format: '.0%',
    }),
  };
}
