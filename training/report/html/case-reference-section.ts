/** The case's published figures beside the candidate's, labelled so nobody reads them as a like-for-like comparison. */
import type { ReportSection } from '../../../src/report/report-page.js';
import { trusted } from '../../../src/report/html.js';
import { candidateOf } from '../candidate.js';
import { CASE_FIGURES, CASE_SOURCE, type CaseFigures } from '../case-reference.js';
import type { EvaluationReport, SegmentMetrics } from '../report-data.js';
import { e, metricCell } from './cells.js';

function ours(report: EvaluationReport, segment: CaseFigures['segment']): SegmentMetrics | undefined {
  const candidate = candidateOf(report.scorers);
  if (!candidate) return undefined;
  return segment === 'all' ? candidate.pooled : candidate.byCustomerType?.[segment];
}

export function caseReferenceSection(report: EvaluationReport): ReportSection {
  const rows = CASE_FIGURES.map((f) => {
    const m = ours(report, f.segment);
    return `<tr><th scope="row">${e(f.label)}</th>${metricCell(f.auc, 2)}${metricCell(f.logloss, 2)}${metricCell(f.mrr, 2)}<td class="divider"></td>${metricCell(m?.auc)}${metricCell(m?.logloss)}${metricCell(m?.ranking?.mrr)}</tr>`;
  }).join('\n');
  const body = `<p class="callout">These are the <strong>${e(CASE_SOURCE)}'s</strong> figures on <strong>its own data</strong>: other customers, products and period. They show what order of magnitude is plausible; they are not comparable one-to-one with this report's numbers.</p>
<div class="table-wrap"><table class="metrics">
<thead><tr><th rowspan="2">Segment</th><th colspan="3" class="group">Case figures (its own data)</th><th rowspan="2" class="divider"></th><th colspan="3" class="group">This candidate (our test days)</th></tr>
<tr><th class="num">AUC</th><th class="num">Logloss</th><th class="num">MRR</th><th class="num">AUC</th><th class="num">Logloss</th><th class="num">MRR</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
  return { id: 'case-reference', title: "Reference: the case's figures", content: [trusted(body)] };
}
