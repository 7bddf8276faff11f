/**
 * Reliability diagram: observed purchase rate against mean predicted probability per bin, for the
 * scorers whose scores are probabilities, over the perfect-calibration diagonal. Marker area
 * follows the bin's row count, so a wild point on a dozen rows does not look like a verdict.
 */
import { PLOT_SIZE, type Chart } from '../../../src/report/chart.js';
import { finitePoints } from '../../../src/report/finite-data.js';
import { formatMetric } from '../../../src/report/format.js';
import { guideLabel, guideLine } from '../../../src/report/guides.js';
import { seriesLines, seriesMarkers, type PlottedSeries } from '../../../src/report/series-layers.js';
import type { SeriesStyles } from '../../../src/report/series-style.js';
import { unitAxis } from '../../../src/report/unit-axis.js';
import type { ScorerReport } from '../report-data.js';

/** Marker areas in square pixels: radius about 2 for the emptiest bin to 8 for the fullest. */
const MARKER_AREA = [12, 200] as const;

/** A scorer's bins that hold rows and finite rates, by predicted probability. */
export function reliabilityPoints(scorer: ScorerReport): ScorerReport['curves']['reliability'] {
  return finitePoints(scorer.curves.reliability ?? [], ['predicted', 'observed', 'rows'])
    .filter((p) => p.rows > 0)
    .sort((a, b) => a.predicted - b.predicted);
}

/** The scorers the chart draws: those with at least one usable bin. */
export function calibratedScorers(scorers: readonly ScorerReport[]): ScorerReport[] {
  return scorers.filter((s) => reliabilityPoints(s).length > 0);
}

export function reliabilityChart(scorers: readonly ScorerReport[], styles: SeriesStyles): Chart {
  const series: PlottedSeries[] = calibratedScorers(scorers).map((s) => ({
    name: s.name,
    label: `${s.name} · logloss ${formatMetric(s.pooled.logloss)}`,
    points: reliabilityPoints(s).map((p) => ({ x: p.predicted, y: p.observed, weight: p.rows })),
  }));
  return {
    name: 'reliability',
    title: 'Reliability diagram: observed purchase rate against predicted probability per bin; marker size shows the rows in the bin',
    spec: {
      width: PLOT_SIZE,
      height: PLOT_SIZE,
      encoding: { x: unitAxis('x', 'predicted probability'), y: unitAxis('y', 'observed purchase rate') },
      layer: [
        guideLine([
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ]),
        guideLabel({ x: 0.86, y: 0.86 }, 'perfectly calibrated', { angle: -45, dy: -6 }),
        seriesLines(series, styles),
        seriesMarkers(series, styles, { size: MARKER_AREA }),
      ],
    },
  };
}
