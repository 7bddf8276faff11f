/** The demand evaluation as Markdown for analysts, HTML with charts, and JSON for machines (demand-report.md, demand-report.html, demand-metrics.json). */
import { writeReportFiles } from '../../src/report/write-report-files.js';
import { renderDemandHtml } from './demand-report-html.js';
import { GAIN_TABLE_SHARES, reachedAt } from './demand-gain-table.js';
import type { DemandEvaluation, DemandScore } from './evaluate-demand.js';

const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(3));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`);

function scoreRow(name: string, s: DemandScore): string {
  const t = s.atThreshold;
  const l = s.atCoverageList;
  return `| ${name} | ${f3(s.auc)} | ${f3(s.logloss)} | ${t ? f3(t.precision) : 'n/a'} | ${t ? f3(t.recall) : 'n/a'} | ${t ? f3(t.f1) : 'n/a'} | ${t ? pct(t.selected) : 'n/a'} | ${pct(s.shareFor80)} | ${l ? pct(l.selected) : 'n/a'} | ${l ? f3(l.precision) : 'n/a'} | ${l ? f3(l.recall) : 'n/a'} |`;
}

export function renderDemandMarkdown(e: DemandEvaluation): string {
  const what = e.target.category === null ? 'any product' : `a ${e.target.category} product`;
  const lines = [
    `# Demand model: buys ${what} within ${e.target.horizonDays} days`,
    '',
    `Backend ${e.backend.name}${e.backend.details.length ? ` (${e.backend.details.join('; ')})` : ''}; candidate ${e.architecture}; ${e.days.length} test days, ${e.pooled.rows.toLocaleString('en')} customer-days, ${e.pooled.positives.toLocaleString('en')} bought (${pct(e.pooled.positives / Math.max(1, e.pooled.rows))}); ${e.seconds.toFixed(1)} s.`,
    '',
    'Each test day is a cutoff: every customer is scored once, by models trained only on as-of days whose labels were known by then. Precision, recall and F1 are at the threshold with the best F1 on the validation day (the rule has none). "80% within" is the share of customers, best first, that holds 80% of the buyers (known only afterwards). The list columns are the list `campaign export --coverage 0.8` would send that day (expected buyers, the sum of the probabilities, reach 80%): its share of customers, precision and recall.',
    '',
    '## Pooled over the test days',
    '',
    '| scorer | AUC | logloss | precision | recall | F1 | contacted | 80% within | list | list precision | list recall |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...Object.entries(e.pooled.scorers).map(([name, s]) => scoreRow(name, s)),
    '',
    '## Per test day',
    '',
    '| day | customers | bought | scorer | AUC | logloss | precision | recall | F1 | contacted | 80% within | list | list precision | list recall |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...e.days.flatMap((d) =>
      Object.entries(d.scorers).map(([name, s]) => `| ${d.day} | ${d.rows.toLocaleString('en')} | ${d.positives.toLocaleString('en')} ${scoreRow(name, s)}`),
    ),
    '',
    '## Gain curve of the candidate (pooled)',
    '',
    '| customers contacted | buyers reached |',
    '|---|---|',
    ...GAIN_TABLE_SHARES.map((share) => `| ${pct(share)} | ${pct(reachedAt(e.gain, share))} |`),
    '',
  ];
  return lines.join('\n');
}

export async function writeDemandReport(dir: string, e: DemandEvaluation): Promise<{ markdown: string; json: string; html: string }> {
  return writeReportFiles(dir, {
    json: { name: 'demand-metrics.json', content: `${JSON.stringify(e, null, 1)}\n` },
    markdown: { name: 'demand-report.md', content: renderDemandMarkdown(e) },
    html: { name: 'demand-report.html', content: await renderDemandHtml(e) },
  });
}
