/**
 * Metrics per customer segment: new vs existing customers, and by risk level. One table per
 * segment family; within it one block per segment with a row per scorer, so scorers compare
 * down a column.
 */
import type { ReportSection } from '../../../src/report/report-page.js';
import { trusted } from '../../../src/report/html.js';
import { candidateOf } from '../candidate.js';
import { formatCount } from '../../../src/report/format.js';
import type { EvaluationReport, ScorerReport, SegmentMetrics } from '../report-data.js';
import type { SeriesStyles } from '../../../src/report/series-style.js';
import { e, metricCell, rowClass, scorerCell } from './cells.js';

interface Segment {
  label: string;
  metricsOf: (scorer: ScorerReport) => SegmentMetrics | undefined;
}

function hitRateAt3(m: SegmentMetrics | undefined): number | undefined {
  return m?.ranking?.topN?.find((t) => t.n === 3)?.hitRate;
}

function countCells(m: SegmentMetrics | undefined, rowspan: number): string {
  const span = rowspan > 1 ? ` rowspan="${rowspan}"` : '';
  const cls = rowspan > 1 ? 'num shared' : 'num';
  return `<td class="${cls}"${span}>${formatCount(m?.rows)}</td><td class="${cls}"${span}>${formatCount(m?.ranking?.occasions)}</td>`;
}

function segmentBlock(segment: Segment, scorers: readonly ScorerReport[], styles: SeriesStyles): string {
  const candidate = candidateOf(scorers);
  const all = scorers.map(segment.metricsOf);
  // Every scorer is scored on the same rows, so the counts are printed once; if they ever differ, per scorer.
  const shared = all.every((m) => m?.rows === all[0]?.rows && m?.ranking?.occasions === all[0]?.ranking?.occasions);
  const rows = scorers.map((s, i) => {
    const m = all[i];
    const lead = i === 0 ? `<th scope="rowgroup" rowspan="${scorers.length}" class="segment">${e(segment.label)}</th>` : '';
    const counts = shared ? (i === 0 ? countCells(m, scorers.length) : '') : countCells(m, 1);
    return `<tr${rowClass(s, candidate)}>${lead}${counts}${scorerCell(s, styles)}${metricCell(m?.auc)}${metricCell(m?.logloss)}${metricCell(m?.ranking?.mrr)}${metricCell(hitRateAt3(m))}</tr>`;
  });
  return `<tbody>\n${rows.join('\n')}\n</tbody>`;
}

function familyTable(title: string, segments: readonly Segment[], scorers: readonly ScorerReport[], styles: SeriesStyles, hint: string): string {
  if (segments.length === 0 || scorers.length === 0) return `<h3>${e(title)}</h3>\n<p>No segments recorded.</p>`;
  return `<h3>${e(title)}</h3>
<div class="table-wrap"><table class="metrics segments">
<thead><tr><th>Segment</th><th class="num">Rows</th><th class="num">Occasions</th><th>Scorer</th><th class="num">AUC</th><th class="num">Logloss</th><th class="num">MRR</th><th class="num">Hit rate@3</th></tr></thead>
${segments.map((segment) => segmentBlock(segment, scorers, styles)).join('\n')}
</table></div>
<p class="hint">${hint}</p>`;
}

function riskLevels(scorers: readonly ScorerReport[]): string[] {
  const keys = new Set(scorers.flatMap((s) => Object.keys(s.byRiskLevel ?? {})));
  return [...keys].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}

export function segmentsSection(report: EvaluationReport, styles: SeriesStyles): ReportSection {
  const scorers = report.scorers;
  const customerTypes: Segment[] = [
    { label: 'New customers', metricsOf: (s) => s.byCustomerType?.new },
    { label: 'Existing customers', metricsOf: (s) => s.byCustomerType?.existing },
  ];
  const risks: Segment[] = riskLevels(scorers).map((level) => ({ label: `Risk level ${level}`, metricsOf: (s) => s.byRiskLevel?.[level] }));
  const body = `${familyTable('New and existing customers', customerTypes, scorers, styles, 'New: no purchase before the day; existing: at least one. Occasions: customer-days with at least one purchase.')}
${familyTable('Risk level', risks, scorers, styles, 'Customer risk level 1 (lowest) to 5; an unknown level counts as 1. n/a: the segment has only one class, or no occasion with a purchase.')}`;
  return { id: 'segments', title: 'Segments', content: [trusted(body)] };
}
