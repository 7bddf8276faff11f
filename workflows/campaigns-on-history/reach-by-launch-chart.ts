/**
 * Per launch, the share of eligible customers one must message to reach 80% of its buyers with each
 * list: the model's, the same-category rule's, a random one, and hindsight's (the buyers first, the
 * least any list can need), beside the reference bank's 38%. A launch without buyers has no share
 * and no row.
 */
import { PLOT_SIZE, type Chart } from '../../src/report/chart.js';
import { formatPercent, isNumber } from '../../src/report/format.js';
import { GUIDE_COLOR } from '../../src/report/guides.js';
import { seriesMarkers, type PlottedSeries } from '../../src/report/series-layers.js';
import { seriesStyles, type SeriesStyles } from '../../src/report/series-style.js';
import { unitAxis } from '../../src/report/unit-axis.js';
import type { CampaignEvaluation } from './campaign-evaluation.js';
import type { LaunchResult } from './launch-evaluation.js';

/** The bank of the reference case reached 80% of buyers by messaging 38% of customers. */
export const REFERENCE_BANK_SHARE = 0.38;

type ListKey = keyof LaunchResult['share'];

/** The lists in legend order, with the names the report uses. */
export const LISTS: ReadonlyArray<{ key: ListKey; name: string }> = [
  { key: 'model', name: 'model' },
  { key: 'sameCategory', name: 'same-category rule' },
  { key: 'random', name: 'random' },
  { key: 'hindsight', name: 'hindsight' },
];

export function listStyles(): SeriesStyles {
  return seriesStyles(LISTS.map((l) => ({ name: l.name, role: l.key === 'model' ? 'main' : l.key === 'hindsight' ? 'bound' : 'other' })));
}

export function launchLabel(l: LaunchResult): string {
  return `${l.productId} ${l.name} · ${l.launchDay}`;
}

export function reachByLaunchChart(e: CampaignEvaluation, styles: SeriesStyles): Chart {
  const series: PlottedSeries[] = LISTS.map((list) => ({
    name: list.name,
    label: e.mean ? `${list.name} · mean ${formatPercent(e.mean[list.key], 1)}` : list.name,
    points: e.launches.flatMap((l) => {
      const share = l.share[list.key];
      return isNumber(share) ? [{ x: share, y: launchLabel(l) }] : [];
    }),
  })).filter((s) => s.points.length > 0);
  const launches = [...new Set(e.launches.map(launchLabel))].filter((label) => series.some((s) => s.points.some((p) => p.y === label)));
  const y = { field: 'y', type: 'nominal' as const, title: null, sort: null, scale: { domain: launches }, axis: { labelLimit: 320 } };
  return {
    name: 'reach-by-launch',
    title: `Share of eligible customers to message for 80% of each launch's buyers: model, same-category rule, random and hindsight, beside the reference bank's ${formatPercent(REFERENCE_BANK_SHARE)}`,
    spec: {
      width: PLOT_SIZE,
      height: Math.max(80, 26 * launches.length),
      encoding: { x: unitAxis('x', 'share of eligible customers messaged for 80% of buyers', 'percent'), y },
      layer: [
        {
          // Across the whole plot, whatever the launches.
          data: { values: [{ x: REFERENCE_BANK_SHARE }] },
          mark: { type: 'rule', color: GUIDE_COLOR, strokeWidth: 1.25, strokeDash: [4, 4], aria: false },
          encoding: { y: { value: 0 }, y2: { value: 'height' } },
        },
        {
          // Above the plot, where no launch's markers sit.
          data: { values: [{ x: REFERENCE_BANK_SHARE, text: `reference bank ${formatPercent(REFERENCE_BANK_SHARE)}` }] },
          mark: { type: 'text', align: 'center', baseline: 'bottom', dy: -4, fontSize: 11, color: '#6b7280', aria: false },
          encoding: { y: { value: 0 }, text: { field: 'text', type: 'nominal' } },
        },
        seriesMarkers(series, styles, { size: 70 }),
      ],
    },
  };
}
