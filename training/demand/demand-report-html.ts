/** The demand evaluation as a report page: the facts, pooled and per-day tables, the gain curve and per-day charts. */
import { formatCount, formatMetric, formatPercent, formatSeconds } from '../../src/report/format.js';
import type { TableRow } from '../../src/report/html-table.js';
import { trusted } from '../../src/report/html.js';
import { renderChart } from '../../src/report/render-chart.js';
import { renderReportPage } from '../../src/report/report-page.js';
import type { SeriesStyles } from '../../src/report/series-style.js';
import { demandCandidate, demandCharts, demandStyles } from './demand-charts.js';
import { GAIN_TABLE_SHARES, reachedAt } from './demand-gain-table.js';
import type { DemandEvaluation, DemandScore } from './evaluate-demand.js';

const SCORE_COLUMNS = [
  { label: 'AUC', numeric: true },
  { label: 'Logloss', numeric: true },
  { label: 'Precision', numeric: true },
  { label: 'Recall', numeric: true },
  { label: 'F1', numeric: true },
  { label: 'Contacted', numeric: true },
  { label: '80% within', numeric: true },
];

function scoreCells(s: DemandScore): string[] {
  const t = s.atThreshold;
  return [
    formatMetric(s.auc),
    formatMetric(s.logloss),
    formatMetric(t?.precision),
    formatMetric(t?.recall),
    formatMetric(t?.f1),
    formatPercent(t?.selected, 1),
    formatPercent(s.shareFor80, 1),
  ];
}

function scoreRows(scorers: Record<string, DemandScore>, candidate: string, styles: SeriesStyles, lead: (name: string) => string[] = () => []): TableRow[] {
  return Object.entries(scorers).map(([name, s]) => ({
    cells: [...lead(name), name, ...scoreCells(s)],
    highlight: name === candidate,
    style: styles.get(name),
  }));
}

export async function renderDemandHtml(e: DemandEvaluation): Promise<string> {
  const what = e.target.category === null ? 'any product' : `a ${e.target.category} product`;
  const title = `Demand model: buys ${what} within ${e.target.horizonDays} days`;
  const candidate = demandCandidate(e);
  const styles = demandStyles(e);
  const charts = demandCharts(e, styles);
  const days = e.days.map((d) => d.day);
  return renderReportPage({
    title,
    facts: [
      { term: 'Backend', value: [e.backend.name, ...e.backend.details].join(' · ') },
      { term: 'Candidate', value: e.architecture },
      { term: `Test days (${days.length})`, value: days.length ? days.join(', ') : 'none' },
      {
        term: 'Customer-days',
        value: `${formatCount(e.pooled.rows)}, ${formatCount(e.pooled.positives)} bought (${formatPercent(e.pooled.positives / Math.max(1, e.pooled.rows), 1)})`,
      },
      { term: 'Target', value: `buys ${what} within ${e.target.horizonDays} days` },
      { term: 'Time', value: formatSeconds(e.seconds) },
    ],
    sections: [
      {
        id: 'pooled',
        title: 'Pooled over the test days',
        content: [
          {
            text: 'Each test day is scored by models trained only on as-of days whose labels were known by then. Precision, recall and F1 are at the threshold with the best F1 on the validation day (the rule has none). "80% within" is the share of customers, best first, that holds 80% of the buyers.',
          },
          { table: { columns: [{ label: 'Scorer' }, ...SCORE_COLUMNS], rows: scoreRows(e.pooled.scorers, candidate, styles) } },
        ],
      },
      {
        id: 'charts',
        title: 'Charts',
        content: [
          {
            figures: [
              {
                title: 'Cumulative gain of the candidate',
                body: trusted(await renderChart(charts.gain)),
                caption:
                  'Customers contacted best-first by the candidate, pooled over the test days, against the share of buyers they reach; the ring marks 80% of buyers.',
              },
              {
                title: 'AUC by test day',
                body: trusted(await renderChart(charts.perDayAuc)),
                caption: 'Each point is one test day; a day where AUC does not exist (one class only) is skipped.',
              },
              {
                title: '80% of buyers within, by test day',
                body: trusted(await renderChart(charts.perDayReach)),
                caption: 'The share of customers, best first, that holds 80% of the day’s buyers: lower is better.',
              },
            ],
          },
        ],
      },
      {
        id: 'gain',
        title: 'Gain curve of the candidate (pooled)',
        content: [
          {
            table: {
              columns: [{ label: 'Customers contacted' }, { label: 'Buyers reached', numeric: true }],
              rows: GAIN_TABLE_SHARES.map((share) => ({ cells: [formatPercent(share, 1), formatPercent(reachedAt(e.gain, share), 1)] })),
            },
          },
        ],
      },
      {
        id: 'per-day',
        title: 'Per test day',
        content: [
          {
            table: {
              columns: [{ label: 'Day' }, { label: 'Customers', numeric: true }, { label: 'Bought', numeric: true }, { label: 'Scorer' }, ...SCORE_COLUMNS],
              rows: e.days.flatMap((d) => scoreRows(d.scorers, candidate, styles, () => [d.day, formatCount(d.rows), formatCount(d.positives)])),
              seriesColumn: 3,
            },
          },
        ],
      },
    ],
    footer: 'wealthrec demand evaluation · demand-metrics.json beside this page holds every number shown here.',
  });
}
