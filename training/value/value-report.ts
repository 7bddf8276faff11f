/** The value evaluation as Markdown for analysts, HTML with charts, and JSON for machines (value-report.md, value-report.html, value-metrics.json), with the segment table. */
import { writeReportFiles } from '../../src/report/write-report-files.js';
import { STAGE_LOG_MARGIN } from '../../src/domain/value-stage.js';
import type { SegmentRow, ValueEvaluation, ValueScore } from './evaluate-value.js';
import { renderValueHtml } from './value-report-html.js';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const yuan = (x: number) => Math.round(x).toLocaleString('en');

const scoreRow = (name: string, s: ValueScore) => `| ${name} | ${f3(s.mae)} | ${f3(s.r2)} |`;

/** Tier x stage: how many customers, and what they were worth before, were forecast and then bought. */
export function renderSegmentTable(segments: SegmentRow[], horizonDays: number): string[] {
  const total = segments.reduce((s, c) => s + c.customers, 0);
  return [
    `| AUM tier | stage | customers | share | current value (last ${horizonDays} d, mean yuan) | predicted (typical yuan) | actual next ${horizonDays} d (mean yuan) | bought |`,
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...segments
      .filter((c) => c.customers > 0)
      .map(
        (c) =>
          `| ${c.tier} | ${c.stage} | ${c.customers.toLocaleString('en')} | ${pct(c.customers / Math.max(1, total))} | ${yuan(c.currentYuan)} | ${yuan(c.predictedYuan)} | ${yuan(c.actualYuan)} | ${pct(c.bought)} |`,
      ),
  ];
}

export function renderValueMarkdown(e: ValueEvaluation): string {
  const h = e.target.horizonDays;
  return [
    `# Customer value: yuan bought in the next ${h} days`,
    '',
    `Backend ${e.backend.name}${e.backend.details.length ? ` (${e.backend.details.join('; ')})` : ''}; candidate ${e.architecture}; ${e.days.length} test days, ${e.pooled.rows.toLocaleString('en')} customer-days, ${e.pooled.buyers.toLocaleString('en')} bought (${pct(e.pooled.buyers / Math.max(1, e.pooled.rows))}); ${e.seconds.toFixed(1)} s.`,
    '',
    `Errors are on log(1 + yuan). Each test day is forecast by models trained only on as-of days whose ${h}-day horizon had closed by then. The naive forecast is the yuan bought in the ${h} days before; the other baseline is the last 365 days' purchases scaled to ${h} days.`,
    '',
    '## Pooled over the test days',
    '',
    '| forecast | MAE | R² |',
    '|---|---|---|',
    ...Object.entries(e.pooled.scorers).map(([name, s]) => scoreRow(name, s)),
    '',
    '## Per test day',
    '',
    '| day | customers | bought | forecast | MAE | R² |',
    '|---|---|---|---|---|---|',
    ...e.days.flatMap((d) =>
      Object.entries(d.scorers).map(([name, s]) => `| ${d.day} | ${d.rows.toLocaleString('en')} | ${d.buyers.toLocaleString('en')} ${scoreRow(name, s)}`),
    ),
    '',
    '## Segments: AUM tier and value stage (pooled test rows)',
    '',
    `Stage: the candidate's forecast against the last ${h} days on the log scale; more than ln 2 = ${STAGE_LOG_MARGIN.toFixed(3)} apart (a factor of 2 in 1 + yuan) is rising or declining, else stable. "Actual" is what the segment then bought: a declining segment that kept buying would show the stage is wrong.`,
    '',
    ...renderSegmentTable(e.segments, h),
    '',
  ].join('\n');
}

export async function writeValueReport(dir: string, e: ValueEvaluation): Promise<{ markdown: string; json: string; html: string }> {
  return writeReportFiles(dir, {
    json: { name: 'value-metrics.json', content: `${JSON.stringify(e, null, 1)}\n` },
    markdown: { name: 'value-report.md', content: renderValueMarkdown(e) },
    html: { name: 'value-report.html', content: await renderValueHtml(e) },
  });
}
