/** The value report's chart: every forecast's error by test day (MAE on log(1 + yuan)), the naive forecast among them as the one to beat. */
import type { Chart } from '../../src/report/chart.js';
import { formatMetric } from '../../src/report/format.js';
import { seriesStyles, type SeriesStyles } from '../../src/report/series-style.js';
import { perDayChart } from '../report/charts/per-day-chart.js';
import type { ValueEvaluation } from './evaluate-value.js';

/** No forecast is drawn as the main one: the evaluation does not record which loss was registered. */
export function valueStyles(e: ValueEvaluation): SeriesStyles {
  return seriesStyles(Object.keys(e.pooled.scorers).map((name) => ({ name, role: 'other' })));
}

export function valueErrorChart(e: ValueEvaluation, styles: SeriesStyles): Chart {
  return perDayChart({
    name: 'per-day-mae',
    title: 'Mean absolute error on log(1 + yuan) by test day, one line per forecast; lower is better',
    metric: 'MAE on log(1 + yuan)',
    days: e.days.map((d) => d.day),
    series: Object.keys(e.pooled.scorers).map((name) => ({
      name,
      detail: `pooled ${formatMetric(e.pooled.scorers[name].mae)}`,
      valueOn: (day) => e.days.find((d) => d.day === day)?.scorers[name]?.mae,
    })),
    styles,
    bounds: [0, Infinity],
  });
}
