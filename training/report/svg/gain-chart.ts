/**
 * Cumulative gain: the share of test rows contacted best-first against the share of purchases
 * they reach, one line per scorer, over the random diagonal, with a guide at 80% of purchases and
 * where each scorer crosses it ("80% of buyers by messaging X% of customers").
 */
import { formatPercent } from '../format.js';
import type { ScorerReport } from '../report-data.js';
import { REACH_LEVEL, shareToReachOnGain } from '../reach-on-gain.js';
import { chartFrame } from './chart-frame.js';
import { coordinate, finitePoints } from './coordinate.js';
import { escapeXml } from './escape-xml.js';
import { referenceLine, TEXT_HALO } from './reference-line.js';
import { series } from './series.js';
import { drawingOrder, seriesStyles, type SeriesStyle } from './series-style.js';
import type { Scale } from './scale.js';
import { percentLabel, unitAxis } from './unit-axis.js';

/** The crossing marker; the prominent scorer also gets a drop line to the x axis with its share printed. */
function crossing(share: number, style: SeriesStyle, x: Scale, y: Scale): string {
  const c = coordinate;
  const [cx, cy] = [x(share), y(REACH_LEVEL)];
  const marker = `<circle cx="${c(cx)}" cy="${c(cy)}" r="4.5" fill="#ffffff" stroke="${style.color}" stroke-width="2"/>`;
  if (!style.prominent) return marker;
  const axisY = y(0);
  return (
    `<line x1="${c(cx)}" y1="${c(cy)}" x2="${c(cx)}" y2="${c(axisY)}" stroke="${style.color}" stroke-width="1" stroke-dasharray="2 3"/>` +
    `<text x="${c(cx + 4)}" y="${c(axisY - 6)}" font-size="11" font-weight="600" fill="${style.color}" ${TEXT_HALO}>${escapeXml(formatPercent(share))}</text>` +
    marker
  );
}

export function gainChart(scorers: readonly ScorerReport[]): string {
  const styles = seriesStyles(scorers);
  const reach = new Map(scorers.map((s) => [s.name, shareToReachOnGain(s.curves.gain)]));
  return chartFrame(
    {
      chart: 'gain',
      title: `Cumulative gain: share of purchases reached against share of test rows contacted best first; guide at ${formatPercent(REACH_LEVEL)} of purchases`,
      plotWidth: 300,
      plotHeight: 300,
      x: unitAxis('share of test rows contacted', percentLabel),
      y: unitAxis('share of purchases reached', percentLabel),
      legend: scorers.map((s) => ({ name: s.name, style: styles.get(s.name)!, detail: `${formatPercent(REACH_LEVEL)} reached at ${formatPercent(reach.get(s.name))}` })),
    },
    (x, y) =>
      referenceLine({ from: [0, 0], to: [1, 1], label: 'random' }, x, y) +
      referenceLine({ from: [0, REACH_LEVEL], to: [1, REACH_LEVEL], dash: '2 3' }, x, y) +
      `<text x="${coordinate(x(0) + 6)}" y="${coordinate(y(REACH_LEVEL) - 5)}" font-size="11" fill="#6b7280" ${TEXT_HALO}>${formatPercent(REACH_LEVEL)} of purchases</text>` +
      drawingOrder(scorers, styles)
        .map((s) => {
          const style = styles.get(s.name)!;
          const share = reach.get(s.name);
          const extra = share === null || share === undefined ? '' : crossing(share, style, x, y);
          return series(s.name, style, finitePoints(s.curves.gain, ['share', 'reached']).map((p) => ({ x: p.share, y: p.reached })), x, y, { extra });
        })
        .join(''),
  );
}
