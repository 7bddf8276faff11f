/**
 * Cumulative gain: the share of rows contacted best-first against the share of purchases they
 * reach, one line per series, over the random diagonal, with a guide at 80% of purchases and a
 * ring where each series crosses it ("80% of buyers by messaging X% of customers"). The main
 * series also gets a drop line to the x axis with its share printed. Shared by the evaluation
 * report (per scorer) and the demand report (the candidate's pooled curve).
 */
import { PLOT_SIZE, type Chart, type Layer } from '../../../src/report/chart.js';
import { finitePoints } from '../../../src/report/finite-data.js';
import { formatPercent, isNumber } from '../../../src/report/format.js';
import { guideLabel, guideLine } from '../../../src/report/guides.js';
import { seriesLines, seriesMarkers, type PlottedSeries } from '../../../src/report/series-layers.js';
import type { SeriesStyles } from '../../../src/report/series-style.js';
import { unitAxis } from '../../../src/report/unit-axis.js';
import { REACH_LEVEL, shareToReachOnGain } from '../reach-on-gain.js';

export interface GainSeries {
  name: string;
  gain: ReadonlyArray<{ share: number; reached: number }>;
}

export interface GainWording {
  /** What is contacted, e.g. "test rows" or "customers". */
  rows: string;
  /** What is reached, e.g. "purchases" or "buyers". */
  reached: string;
}

/** The main series' share, dropped to the x axis and printed there in its colour. */
function dropLine(share: number, color: string): Layer[] {
  return [
    {
      data: { values: [{ x: share, y: REACH_LEVEL, y2: 0 }] },
      mark: { type: 'rule', color, strokeWidth: 1, strokeDash: [2, 3], aria: false },
      encoding: { y2: { field: 'y2' } },
    },
    guideLabel({ x: share, y: 0 }, formatPercent(share), { align: 'left', dx: 4, dy: -7, color, fontWeight: 'bold' }),
  ];
}

export function gainChart(gains: readonly GainSeries[], styles: SeriesStyles, wording: GainWording): Chart {
  const level = formatPercent(REACH_LEVEL);
  const reach = new Map(gains.map((g) => [g.name, shareToReachOnGain([...g.gain])]));
  const series: PlottedSeries[] = gains
    .map((g) => ({
      name: g.name,
      label: `${g.name} · ${level} reached at ${formatPercent(reach.get(g.name))}`,
      points: finitePoints([...g.gain], ['share', 'reached']).map((p) => ({ x: p.share, y: p.reached })),
    }))
    .filter((s) => s.points.length > 0);
  const crossings = series.flatMap((s) => {
    const share = reach.get(s.name);
    return share === null || share === undefined ? [] : [{ ...s, points: [{ x: share, y: REACH_LEVEL }] }];
  });
  const main = crossings.find((c) => styles.get(c.name)?.prominent);
  const mainShare = main ? reach.get(main.name) : null;
  return {
    name: 'gain',
    title: `Cumulative gain: share of ${wording.reached} reached against share of ${wording.rows} contacted best first; guide at ${level} of ${wording.reached}`,
    spec: {
      width: PLOT_SIZE,
      height: PLOT_SIZE,
      encoding: { x: unitAxis('x', `share of ${wording.rows} contacted`, 'percent'), y: unitAxis('y', `share of ${wording.reached} reached`, 'percent') },
      layer: [
        guideLine([
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ]),
        guideLabel({ x: 0.5, y: 0.5 }, 'random', { angle: -45, dy: 12 }),
        guideLine(
          [
            { x: 0, y: REACH_LEVEL },
            { x: 1, y: REACH_LEVEL },
          ],
          [2, 3],
        ),
        guideLabel({ x: 0, y: REACH_LEVEL }, `${level} of ${wording.reached}`, { align: 'left', dx: 6, dy: -7 }),
        ...(main && isNumber(mainShare) ? dropLine(mainShare, styles.get(main.name)!.color) : []),
        seriesLines(series, styles),
        seriesMarkers(crossings, styles, { ring: true, size: 64 }),
      ],
    },
  };
}
