/**
 * The segmentation's report page: a 2-D PCA map of the customers coloured by segment (a seeded
 * sample), the cards, whether the segments differ in purchases and responses (chi-square, stated
 * either way), the sizes over the last months on the same centroids, and, against an earlier
 * segmentation, the adjusted Rand index and how sizes moved. Charts are vega-lite rendered to SVG.
 */
import type { TopLevelSpec } from 'vega-lite';
import { PLOT_SIZE } from '../../src/report/chart.js';
import { formatCount, formatPercent } from '../../src/report/format.js';
import { trusted } from '../../src/report/html.js';
import { renderChart } from '../../src/report/render-chart.js';
import { renderReportPage, type ReportSection } from '../../src/report/report-page.js';
import type { SegmentationModel, SegmentCard } from '../../src/segments/format.js';
import type { DifferenceTest } from './segment-differences.js';
import type { Freshness } from '../../training/segments/freshness.js';
import type { MonthSizes } from './segment-history.js';

export interface SegmentsReport {
  model: SegmentationModel;
  customers: number;
  /** The sampled customers' first two principal components and segment. */
  map: Array<{ x: number; y: number; segment: number }>;
  /** Share of the encoding's variance the two components explain. */
  mapExplained: number;
  differences: DifferenceTest[];
  history: MonthSizes[];
  freshness: Freshness | null;
  /** Why the purchase rate is or is not known. */
  outcome: string;
  seconds: number;
}

const pct = (x: number | null) => (x === null ? '-' : formatPercent(x, 1));
const yuan = (x: number | null) => (x === null ? '-' : `${Math.round(x).toLocaleString('en')}`);
const listed = (xs: SegmentCard['topTerms']) => xs.map((x) => `${x.value} ${pct(x.share)}`).join(', ') || '-';
const label = (c: SegmentCard) => `${c.id} ${c.name}`;

function mapSpec(report: SegmentsReport): TopLevelSpec {
  const names = report.model.cards.map(label);
  return {
    width: PLOT_SIZE * 2,
    height: PLOT_SIZE * 1.5,
    data: { values: report.map.map((p) => ({ x: p.x, y: p.y, segment: names[p.segment] })) },
    mark: { type: 'point', filled: true, size: 14, opacity: 0.6 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'first principal component' },
      y: { field: 'y', type: 'quantitative', title: 'second principal component' },
      color: { field: 'segment', type: 'nominal', sort: names, title: 'segment' },
      // The segment as each mark's aria-label: how a screen reader, and the browser check, tell the series apart.
      description: { field: 'segment', type: 'nominal' },
    },
  };
}

function historySpec(report: SegmentsReport): TopLevelSpec {
  const names = report.model.cards.map(label);
  const points = [...report.history, { monthEnd: report.model.asOf, sizes: report.model.cards.map((c) => c.size) }].flatMap((m) =>
    m.sizes.map((size, g) => ({ day: m.monthEnd, size, segment: names[g] })),
  );
  return {
    width: PLOT_SIZE * 2,
    height: PLOT_SIZE,
    data: { values: points },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'day', type: 'temporal', title: 'customers as of (month-ends, then the segmentation’s day)' },
      y: { field: 'size', type: 'quantitative', title: 'customers' },
      color: { field: 'segment', type: 'nominal', sort: names, title: 'segment' },
      description: { field: 'segment', type: 'nominal' },
    },
  };
}

const CARD_COLUMNS = [
  'segment',
  'customers',
  'share',
  'median AUM (yuan)',
  'purchase rate',
  'response rate',
  'value stages',
  'top categories',
  'top terms',
  'what sets it apart',
];

function cardCells(c: SegmentCard): string[] {
  return [
    label(c),
    formatCount(c.size),
    pct(c.share),
    yuan(c.medianAumYuan),
    c.purchaseRate === null ? 'not yet known' : pct(c.purchaseRate),
    c.responseRate === null ? '-' : `${pct(c.responseRate)} of ${formatCount(c.contacts)}`,
    Object.entries(c.valueStages)
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join(', ') || '-',
    listed(c.topCategories),
    listed(c.topTerms),
    c.departures
      .slice(0, 3)
      .map((d) => `${d.label} (${d.feature} ${d.value}: ${d.segment.toFixed(2)} vs ${d.population.toFixed(2)})`)
      .join('; '),
  ];
}

export async function renderSegmentsHtml(report: SegmentsReport): Promise<string> {
  const { model } = report;
  const chosen = model.kChoice.candidates.find((c) => c.k === model.k);
  const map =
    report.map.length > 0
      ? await renderChart({ name: 'segments-map', title: 'Customers on their first two principal components, by segment', spec: mapSpec(report) })
      : null;
  const history = await renderChart({ name: 'segments-history', title: 'Segment sizes by month-end', spec: historySpec(report) });
  const sections: ReportSection[] = [
    {
      id: 'map',
      title: 'Map',
      content: map
        ? [
            {
              figures: [
                {
                  title: 'Customers by segment',
                  body: trusted(map),
                  caption: `PCA of the encoded behaviour (${formatCount(report.map.length)} customers sampled of ${formatCount(report.customers)}); the two components explain ${pct(report.mapExplained)} of its variance.`,
                },
              ],
            },
          ]
        : [{ text: 'No customers to draw.' }],
    },
    {
      id: 'cards',
      title: 'Segments',
      content: [
        { table: { columns: CARD_COLUMNS.map((l, i) => ({ label: l, numeric: i > 0 && i < 6 })), rows: model.cards.map((c) => ({ cells: cardCells(c) })) } },
        {
          text: `Purchase rate: ${report.outcome}. Response rate: answered over marketing contacts whose response window closed before the as-of day.`,
          hint: true,
        },
        {
          text: 'Names: the 2-3 features whose segment median (as a percentile of all customers) or share departs most from the population, at least 0.10 apart.',
          hint: true,
        },
      ],
    },
    { id: 'differences', title: 'Do the segments differ?', content: report.differences.map((d) => ({ text: d.verdict })) },
    {
      id: 'history',
      title: 'Sizes over the last months',
      content: [
        {
          figures: [
            {
              title: 'Segment sizes',
              body: trusted(history),
              caption: 'Each month-end’s customers assigned to these centroids through this encoding; the last point is the segmentation’s own day.',
            },
          ],
        },
      ],
    },
    {
      id: 'k',
      title: 'Choice of k',
      content: [
        {
          table: {
            columns: [
              { label: 'k', numeric: true },
              { label: 'mean silhouette', numeric: true },
            ],
            rows: model.kChoice.candidates.map((c) => ({
              cells: [String(c.k), c.silhouette === null ? '-' : c.silhouette.toFixed(3)],
              highlight: c.k === model.k,
            })),
          },
        },
        {
          text: `Silhouette on a seeded sample of ${formatCount(model.kChoice.sample)} customers; k ${model.kChoice.method === 'given' ? 'was given' : 'is the best'}.`,
          hint: true,
        },
      ],
    },
  ];
  if (report.freshness) {
    const f = report.freshness;
    sections.push({
      id: 'freshness',
      title: `Against the segmentation of ${f.previousAsOf}`,
      content: [
        {
          text: `This day's customers assigned to the earlier centroids agree with this day's own clustering with an adjusted Rand index of ${f.adjustedRandIndex.toFixed(3)} (1: the same grouping; about 0: unrelated).`,
        },
        {
          table: {
            columns: [
              { label: 'earlier segment' },
              { label: `share ${f.previousAsOf}`, numeric: true },
              { label: `share ${model.asOf}`, numeric: true },
              { label: 'moved', numeric: true },
            ],
            rows: f.moves.map((m) => ({
              cells: [
                `${m.id} ${m.name}`,
                pct(m.shareThen),
                pct(m.shareNow),
                `${m.shareNow >= m.shareThen ? '+' : ''}${(100 * (m.shareNow - m.shareThen)).toFixed(1)} pts`,
              ],
            })),
          },
        },
      ],
    });
  }
  return renderReportPage({
    title: `Customer segments as of ${model.asOf}`,
    facts: [
      { term: 'As of', value: model.asOf },
      { term: 'Customers', value: formatCount(report.customers) },
      { term: 'Segments', value: `${model.k} (${model.kChoice.method === 'given' ? 'given' : 'by silhouette'})` },
      { term: 'Silhouette', value: chosen?.silhouette == null ? '-' : chosen.silhouette.toFixed(3) },
      {
        term: 'Encoding',
        value: `quantile (${model.preprocessing.width} inputs), fitted on the day's customers; ${new Set(model.weighting.behaviours).size} behaviours weighed the same`,
      },
      { term: 'Models', value: `demand ${model.models.demand ?? 'none'}; value ${model.models.value ?? 'none'}` },
      { term: 'Built in', value: `${report.seconds.toFixed(1)} s` },
    ],
    sections,
    footer: 'wealthrec segments report',
  });
}
