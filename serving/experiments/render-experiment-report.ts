/**
 * An experiment's outcomes as the analysts read them: a text table for the terminal and Markdown, and
 * a self-contained HTML page with the table and the per-day chart (cumulative conversion rate per arm,
 * vega-lite rendered to SVG). Each states what the numbers mean, and, for a replay on the synthetic
 * bank, that they are hit rates and not causal lift.
 */
import type { TopLevelSpec } from 'vega-lite';
import { formatCount, formatPercent } from '../../src/report/format.js';
import { trusted } from '../../src/report/html.js';
import { PLOT_SIZE } from '../../src/report/chart.js';
import { renderChart } from '../../src/report/render-chart.js';
import { renderReportPage } from '../../src/report/report-page.js';
import type { ArmOutcome, ExperimentOutcomes } from './experiment-outcomes.js';

const pct = (x: number | null) => (x === null ? '-' : formatPercent(x, 2));
const signedPct = (x: number | null) => (x === null ? '-' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`);
const interval = (low: number | null, high: number | null, format: (x: number | null) => string) =>
  low === null || high === null ? '-' : `[${format(low)}, ${format(high)}]`;

const COLUMNS = ['arm', 'customers', 'impressions', 'conversions', 'rate', '95% CI', 'lift vs first', 'lift 95% CI', 'amount bought (yuan)'];

function cells(a: ArmOutcome): string[] {
  return [
    a.arm,
    formatCount(a.customers),
    formatCount(a.impressions),
    formatCount(a.conversions),
    pct(a.conversionRate),
    interval(a.ciLow, a.ciHigh, pct),
    signedPct(a.lift),
    interval(a.liftLow, a.liftHigh, signedPct),
    a.amountBought,
  ];
}

/** The lines that say how to read the figures. */
export function readingNotes(o: ExperimentOutcomes, replay: boolean): string[] {
  const notes = [
    `A conversion is a customer who bought a product recommended to them within ${o.horizonDays} bank days of the impression (the day itself included); rates are per customer, each in the arm of their first impression.`,
    `Sample ratio: p = ${o.srmPValue === null ? '-' : o.srmPValue.toPrecision(3)} for the customers per arm against the planned weights${o.srmPValue !== null && o.srmPValue < 0.001 ? ' — MISMATCH: assignment or logging is broken; do not trust the comparison' : ''}.`,
  ];
  if (!o.outcomesComplete)
    notes.push(
      `Not final: ${o.status === 'running' ? 'the experiment is still running' : `purchases until ${o.horizonDays - 1} days after the last impression (${o.lastDay ?? '-'}) are still arriving`}.`,
    );
  if (replay)
    notes.push(
      'Replayed on the synthetic bank: its purchases do not depend on what was shown, so these are hit rates of each policy (how often it named what the customer bought anyway), not causal lift. In production the same report measures lift.',
    );
  return notes;
}

export function renderExperimentText(o: ExperimentOutcomes, replay = false): string {
  const rows = [COLUMNS, ...o.arms.map(cells)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    `experiment ${o.experiment} (${o.status}), served ${o.firstDay ?? '-'} .. ${o.lastDay ?? '-'}, horizon ${o.horizonDays} days`,
    line(COLUMNS),
    ...o.arms.map((a) => line(cells(a))),
    ...readingNotes(o, replay),
  ].join('\n');
}

export function renderExperimentMarkdown(o: ExperimentOutcomes, replay = false): string {
  const row = (r: string[]) => `| ${r.join(' | ')} |`;
  return [
    `# Experiment ${o.experiment}`,
    '',
    `${o.status}, served ${o.firstDay ?? '-'} .. ${o.lastDay ?? '-'}, horizon ${o.horizonDays} days.`,
    '',
    row(COLUMNS),
    row(COLUMNS.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...o.arms.map((a) => row(cells(a))),
    '',
    ...readingNotes(o, replay).map((n) => `- ${n}`),
    '',
  ].join('\n');
}

export function dailyChartSpec(o: ExperimentOutcomes): TopLevelSpec {
  return {
    width: PLOT_SIZE * 2,
    height: PLOT_SIZE,
    data: { values: o.daily.filter((d) => d.cumulativeConversionRate !== null) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'day', type: 'temporal', title: 'serving day' },
      y: { field: 'cumulativeConversionRate', type: 'quantitative', title: 'conversion rate, customers served so far', axis: { format: '.1%' } },
      color: { field: 'arm', type: 'nominal', sort: o.arms.map((a) => a.arm), title: 'arm' },
      // The arm as each mark's aria-label: how a reader's screen reader, and the browser check, tell the series apart.
      description: { field: 'arm', type: 'nominal' },
    },
  };
}

export async function renderExperimentHtml(o: ExperimentOutcomes, replay = false): Promise<string> {
  const chart =
    o.daily.length > 0 ? await renderChart({ name: 'experiment-daily', title: 'Conversion rate by serving day, per arm', spec: dailyChartSpec(o) }) : null;
  return renderReportPage({
    title: `Experiment ${o.experiment}`,
    facts: [
      { term: 'Status', value: o.status },
      { term: 'Served', value: `${o.firstDay ?? '-'} .. ${o.lastDay ?? '-'}` },
      { term: 'Horizon', value: `${o.horizonDays} bank days` },
      { term: 'Sample ratio p', value: o.srmPValue === null ? '-' : o.srmPValue.toPrecision(3) },
    ],
    sections: [
      {
        id: 'arms',
        title: 'Arms',
        content: [
          { table: { columns: COLUMNS.map((label, i) => ({ label, numeric: i > 0 })), rows: o.arms.map((a, i) => ({ cells: cells(a), highlight: i === 0 })) } },
          ...readingNotes(o, replay).map((text) => ({ text, hint: true })),
        ],
      },
      {
        id: 'daily',
        title: 'By day',
        content: chart
          ? [
              {
                figures: [
                  {
                    title: 'Conversion rate by serving day',
                    body: trusted(chart),
                    caption: 'Cumulative: converted customers over customers first served up to each day, per arm.',
                  },
                ],
              },
            ]
          : [{ text: 'No impressions yet.' }],
      },
    ],
    footer: 'wealthrec experiment report',
  });
}
