/** ROC curves, one per scorer with points, over the random diagonal; the legend gives pooled AUC. */
import { PLOT_SIZE, type Chart } from '../../../src/report/chart.js';
import { finitePoints } from '../../../src/report/finite-data.js';
import { formatMetric } from '../../../src/report/format.js';
import { guideLabel, guideLine } from '../../../src/report/guides.js';
import { seriesLines, type PlottedSeries } from '../../../src/report/series-layers.js';
import type { SeriesStyles } from '../../../src/report/series-style.js';
import { unitAxis } from '../../../src/report/unit-axis.js';
import type { ScorerReport } from '../report-data.js';

export function rocChart(scorers: readonly ScorerReport[], styles: SeriesStyles): Chart {
  const series: PlottedSeries[] = scorers
    .map((s) => ({
      name: s.name,
      label: `${s.name} · AUC ${formatMetric(s.pooled.auc)}`,
      points: finitePoints(s.curves.roc, ['fpr', 'tpr']).map((p) => ({ x: p.fpr, y: p.tpr })),
    }))
    .filter((s) => s.points.length > 0);
  return {
    name: 'roc',
    title: 'ROC curves: true positive rate against false positive rate, one line per scorer',
    spec: {
      width: PLOT_SIZE,
      height: PLOT_SIZE,
      encoding: { x: unitAxis('x', 'false positive rate'), y: unitAxis('y', 'true positive rate') },
      layer: [
        guideLine([
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ]),
        guideLabel({ x: 0.5, y: 0.5 }, 'random', { angle: -45, dy: 12 }),
        seriesLines(series, styles),
      ],
    },
  };
}
