/** The value evaluation as a report page: the facts, pooled and per-day errors with their chart, and the segment table. */
import { STAGE_LOG_MARGIN } from '../../src/domain/value-stage.js';
import { formatCount, formatMetric, formatPercent, formatSeconds } from '../../src/report/format.js';
import type { TableRow } from '../../src/report/html-table.js';
import { trusted } from '../../src/report/html.js';
import { renderChart } from '../../src/report/render-chart.js';
import { renderReportPage } from '../../src/report/report-page.js';
import type { SeriesStyles } from '../../src/report/series-style.js';
import type { ValueEvaluation, ValueScore } from './evaluate-value.js';
import { valueErrorChart, valueStyles } from './value-charts.js';

const yuan = (x: number) => (Number.isFinite(x) ? formatCount(Math.round(x)) : formatCount(null));

function scoreRows(scorers: Record<string, ValueScore>, styles: SeriesStyles, lead: string[] = []): TableRow[] {
  return Object.entries(scorers).map(([name, s]) => ({ cells: [...lead, name, formatMetric(s.mae), formatMetric(s.r2)], style: styles.get(name) }));
}

export async function renderValueHtml(e: ValueEvaluation): Promise<string> {
  const h = e.target.horizonDays;
  const styles = valueStyles(e);
  const days = e.days.map((d) => d.day);
  const total = e.segments.reduce((s, c) => s + c.customers, 0);
  return renderReportPage({
    title: `Customer value: yuan bought in the next ${h} days`,
    facts: [
      { term: 'Backend', value: [e.backend.name, ...e.backend.details].join(' · ') },
      { term: 'Candidate', value: e.architecture },
      { term: `Test days (${days.length})`, value: days.length ? days.join(', ') : 'none' },
      {
        term: 'Customer-days',
        value: `${formatCount(e.pooled.rows)}, ${formatCount(e.pooled.buyers)} bought (${formatPercent(e.pooled.buyers / Math.max(1, e.pooled.rows), 1)})`,
      },
      { term: 'Horizon', value: `${h} days` },
      { term: 'Time', value: formatSeconds(e.seconds) },
    ],
    sections: [
      {
        id: 'pooled',
        title: 'Pooled over the test days',
        content: [
          {
            text: `Errors are on log(1 + yuan). Each test day is forecast by models trained only on as-of days whose ${h}-day horizon had closed by then. The naive forecast is the yuan bought in the ${h} days before; the other baseline is the last 365 days' purchases scaled to ${h} days.`,
          },
          {
            table: {
              columns: [{ label: 'Forecast' }, { label: 'MAE', numeric: true }, { label: 'R²', numeric: true }],
              rows: scoreRows(e.pooled.scorers, styles),
            },
          },
        ],
      },
      {
        id: 'charts',
        title: 'Charts',
        content: [
          {
            figures: [
              {
                title: 'Error by test day',
                body: trusted(await renderChart(valueErrorChart(e, styles))),
                caption: 'Mean absolute error of each forecast on log(1 + yuan), per test day: lower is better.',
              },
            ],
          },
        ],
      },
      {
        id: 'per-day',
        title: 'Per test day',
        content: [
          {
            table: {
              columns: [
                { label: 'Day' },
                { label: 'Customers', numeric: true },
                { label: 'Bought', numeric: true },
                { label: 'Forecast' },
                { label: 'MAE', numeric: true },
                { label: 'R²', numeric: true },
              ],
              rows: e.days.flatMap((d) => scoreRows(d.scorers, styles, [d.day, formatCount(d.rows), formatCount(d.buyers)])),
              seriesColumn: 3,
            },
          },
        ],
      },
      {
        id: 'segments',
        title: 'Segments: AUM tier and value stage (pooled test rows)',
        content: [
          {
            text: `Stage: the candidate's forecast against the last ${h} days on the log scale; more than ln 2 = ${STAGE_LOG_MARGIN.toFixed(3)} apart (a factor of 2 in 1 + yuan) is rising or declining, else stable. "Actual" is what the segment then bought: a declining segment that kept buying would show the stage is wrong.`,
          },
          {
            table: {
              columns: [
                { label: 'AUM tier' },
                { label: 'Stage' },
                { label: 'Customers', numeric: true },
                { label: 'Share', numeric: true },
                { label: `Current value (last ${h} d, mean yuan)`, numeric: true },
                { label: 'Predicted (typical yuan)', numeric: true },
                { label: `Actual next ${h} d (mean yuan)`, numeric: true },
                { label: 'Bought', numeric: true },
              ],
              rows: e.segments
                .filter((c) => c.customers > 0)
                .map((c) => ({
                  cells: [
                    c.tier,
                    c.stage,
                    formatCount(c.customers),
                    formatPercent(c.customers / Math.max(1, total), 1),
                    yuan(c.currentYuan),
                    yuan(c.predictedYuan),
                    yuan(c.actualYuan),
                    formatPercent(c.bought, 1),
                  ],
                })),
            },
          },
        ],
      },
    ],
    footer: 'wealthrec value evaluation · value-metrics.json beside this page holds every number shown here.',
  });
}
