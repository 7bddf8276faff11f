/** The evaluation report's charts as vega-lite specs, in page order; the reliability diagram is null when no scorer gives probabilities. */
import type { Chart } from '../../../src/report/chart.js';
import { formatMetric, isNumber } from '../../../src/report/format.js';
import type { SeriesStyles } from '../../../src/report/series-style.js';
import type { EvaluationReport, ScorerReport } from '../report-data.js';
import { gainChart } from './gain-chart.js';
import { perDayChart } from './per-day-chart.js';
import { calibratedScorers, reliabilityChart } from './reliability-chart.js';
import { rocChart } from './roc-chart.js';

export type PerDayMetric = 'auc' | 'mrr';

const METRIC_NAMES: Record<PerDayMetric, string> = { auc: 'AUC', mrr: 'MRR' };

/** The metric's value for a scorer on a day, or null when it does not exist. */
export function perDayValue(scorer: ScorerReport, day: string, metric: PerDayMetric): number | null {
  const segment = scorer.perDay?.[day];
  const value = metric === 'auc' ? segment?.auc : segment?.ranking?.mrr;
  return isNumber(value) ? value : null;
}

function scorerPerDayChart(report: EvaluationReport, styles: SeriesStyles, metric: PerDayMetric): Chart {
  const scorers = report.scorers;
  const days = report.data.testDays.length ? report.data.testDays : [...new Set(scorers.flatMap((s) => Object.keys(s.perDay ?? {})))].sort();
  const name = METRIC_NAMES[metric];
  return perDayChart({
    name: `per-day-${metric}`,
    title: `${name} by test day, one line per scorer`,
    metric: name,
    days,
    series: scorers.map((s) => ({
      name: s.name,
      detail: `pooled ${formatMetric(metric === 'auc' ? s.pooled.auc : s.pooled.ranking?.mrr)}`,
      valueOn: (day) => perDayValue(s, day, metric),
    })),
    styles,
    bounds: [0, 1],
    ...(metric === 'auc' ? { guide: { y: 0.5, label: 'random' } } : {}),
  });
}

export interface EvaluationCharts {
  roc: Chart;
  gain: Chart;
  reliability: Chart | null;
  perDayAuc: Chart;
  perDayMrr: Chart;
}

export function evaluationCharts(report: EvaluationReport, styles: SeriesStyles): EvaluationCharts {
  const scorers = report.scorers;
  return {
    roc: rocChart(scorers, styles),
    gain: gainChart(
      scorers.map((s) => ({ name: s.name, gain: s.curves.gain })),
      styles,
      { rows: 'test rows', reached: 'purchases' },
    ),
    reliability: calibratedScorers(scorers).length ? reliabilityChart(scorers, styles) : null,
    perDayAuc: scorerPerDayChart(report, styles, 'auc'),
    perDayMrr: scorerPerDayChart(report, styles, 'mrr'),
  };
}
