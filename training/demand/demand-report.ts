/** The demand evaluation as Markdown for analysts and JSON for machines (demand-report.md, demand-metrics.json). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemandEvaluation, DemandScore } from './evaluate-demand.js';

const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(3));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`);

function scoreRow(name: string, s: DemandScore): string {
  const t = s.atThreshold;
  return `| ${name} | ${f3(s.auc)} | ${f3(s.logloss)} | ${t ? f3(t.precision) : 'n/a'} | ${t ? f3(t.recall) : 'n/a'} | ${t ? f3(t.f1) : 'n/a'} | ${t ? pct(t.selected) : 'n/a'} | ${pct(s.shareFor80)} |`;
}

export function renderDemandMarkdown(e: DemandEvaluation): string {
  const what = e.target.category === null ? 'any product' : `a ${e.target.category} product`;
  const lines = [
    `# Demand model: buys ${what} within ${e.target.horizonDays} days`,
    '',
    `Backend ${e.backend.name}${e.backend.details.length ? ` (${e.backend.details.join('; ')})` : ''}; candidate ${e.architecture}; ${e.days.length} test days, ${e.pooled.rows.toLocaleString('en')} customer-days, ${e.pooled.positives.toLocaleString('en')} bought (${pct(e.pooled.positives / Math.max(1, e.pooled.rows))}); ${e.seconds.toFixed(1)} s.`,
    '',
    'Each test day is scored by models trained only on as-of days whose labels were known by then. Precision, recall and F1 are at the threshold with the best F1 on the validation day (the rule has none). "80% within" is the share of customers, best first, that holds 80% of the buyers.',
    '',
    '## Pooled over the test days',
    '',
    '| scorer | AUC | logloss | precision | recall | F1 | contacted | 80% within |',
    '|---|---|---|---|---|---|---|---|',
    ...Object.entries(e.pooled.scorers).map(([name, s]) => scoreRow(name, s)),
    '',
    '## Per test day',
    '',
    '| day | customers | bought | scorer | AUC | logloss | precision | recall | F1 | contacted | 80% within |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...e.days.flatMap((d) => Object.entries(d.scorers).map(([name, s]) => `| ${d.day} | ${d.rows.toLocaleString('en')} | ${d.positives.toLocaleString('en')} ${scoreRow(name, s)}`)),
    '',
    '## Gain curve of the candidate (pooled)',
    '',
    '| customers contacted | buyers reached |',
    '|---|---|',
    ...[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1].map((share) => `| ${pct(share)} | ${pct(reachedAt(e.gain, share))} |`),
    '',
  ];
  return lines.join('\n');
}

/** Buyers reached when the best `share` of customers is contacted (the curve's last point at or before it). */
function reachedAt(gain: DemandEvaluation['gain'], share: number): number | null {
  let reached: number | null = null;
  for (const p of gain) if (p.share <= share + 1e-12) reached = p.reached;
  return reached;
}

export async function writeDemandReport(dir: string, e: DemandEvaluation): Promise<{ markdown: string; json: string }> {
  await mkdir(dir, { recursive: true });
  const markdown = join(dir, 'demand-report.md');
  const json = join(dir, 'demand-metrics.json');
  await writeFile(markdown, renderDemandMarkdown(e));
  await writeFile(json, `${JSON.stringify(e, null, 1)}\n`);
  return { markdown, json };
}
