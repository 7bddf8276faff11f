/**
 * Reliability diagram: observed purchase rate against mean predicted probability per bin, for the
 * scorers whose scores are probabilities, over the perfect-calibration diagonal. Marker area
 * follows the bin's row count, so a wild point on a dozen rows does not look like a verdict.
 */
import { formatCount, formatMetric } from '../format.js';
import type { ScorerReport } from '../report-data.js';
import { chartFrame } from './chart-frame.js';
import { finitePoints } from './coordinate.js';
import { referenceLine } from './reference-line.js';
import { series } from './series.js';
import { drawingOrder, seriesStyles } from './series-style.js';
import { unitAxis } from './unit-axis.js';

const MIN_RADIUS = 2;
const MAX_RADIUS = 8;

/** A scorer's bins that hold rows and finite rates. */
export function reliabilityPoints(scorer: ScorerReport): ScorerReport['curves']['reliability'] {
  return finitePoints(scorer.curves.reliability ?? [], ['predicted', 'observed', 'rows']).filter((p) => p.rows > 0);
}

/** The scorers the chart draws: those with at least one usable bin. */
export function calibratedScorers(scorers: readonly ScorerReport[]): ScorerReport[] {
  return scorers.filter((s) => reliabilityPoints(s).length > 0);
}

export function reliabilityChart(scorers: readonly ScorerReport[]): string {
  const styles = seriesStyles(scorers); // from all scorers, so colours match the other charts
  const shown = calibratedScorers(scorers);
  const maxRows = Math.max(1, ...shown.flatMap((s) => reliabilityPoints(s).map((p) => p.rows)));
  const radius = (rows: number) => MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(rows / maxRows);
  return chartFrame(
    {
      chart: 'reliability',
      title: 'Reliability diagram: observed purchase rate against predicted probability per bin; marker size shows the rows in the bin',
      plotWidth: 300,
      plotHeight: 300,
      x: unitAxis('predicted probability'),
      y: unitAxis('observed purchase rate'),
      legend: shown.map((s) => ({ name: s.name, style: styles.get(s.name)!, detail: `logloss ${formatMetric(s.pooled.logloss)}` })),
    },
    (x, y) =>
      referenceLine({ from: [0, 0], to: [1, 1], label: 'perfectly calibrated', labelAt: 0.86, labelSide: 'above' }, x, y) +
      drawingOrder(shown, styles)
        .map((s) => {
          const points = reliabilityPoints(s)
            .sort((a, b) => a.predicted - b.predicted)
            .map((p) => ({
              x: p.predicted,
              y: p.observed,
              radius: radius(p.rows),
              label: `${s.name}: predicted ${formatMetric(p.predicted)}, observed ${formatMetric(p.observed)}, ${formatCount(p.rows)} rows`,
            }));
          return series(s.name, styles.get(s.name)!, points, x, y);
        })
        .join(''),
  );
}
