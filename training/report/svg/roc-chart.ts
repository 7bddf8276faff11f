/** ROC curves, one per scorer, over the random diagonal. */
import { formatMetric } from '../format.js';
import type { ScorerReport } from '../report-data.js';
import { chartFrame } from './chart-frame.js';
import { finitePoints } from './coordinate.js';
import { referenceLine } from './reference-line.js';
import { series } from './series.js';
import { drawingOrder, seriesStyles } from './series-style.js';
import { unitAxis } from './unit-axis.js';

export function rocChart(scorers: readonly ScorerReport[]): string {
  const styles = seriesStyles(scorers);
  return chartFrame(
    {
      chart: 'roc',
      title: 'ROC curves: true positive rate against false positive rate, one line per scorer',
      plotWidth: 300,
      plotHeight: 300,
      x: unitAxis('false positive rate'),
      y: unitAxis('true positive rate'),
      legend: scorers.map((s) => ({ name: s.name, style: styles.get(s.name)!, detail: `AUC ${formatMetric(s.pooled.auc)}` })),
    },
    (x, y) =>
      referenceLine({ from: [0, 0], to: [1, 1], label: 'random' }, x, y) +
      drawingOrder(scorers, styles)
        .map((s) => series(s.name, styles.get(s.name)!, finitePoints(s.curves.roc, ['fpr', 'tpr']).map((p) => ({ x: p.fpr, y: p.tpr })), x, y))
        .join(''),
  );
}
