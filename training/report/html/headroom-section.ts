/** The report's headline: the gap to what a model can reach, then the full oracle's, labelled out of reach (headroom.ts). */
import type { ReportSection } from '../../../src/report/report-page.js';
import { trusted } from '../../../src/report/html.js';
import { formatMetric } from '../../../src/report/format.js';
import { candidateOf } from '../candidate.js';
import { headroomOf } from '../headroom.js';
import type { EvaluationReport } from '../report-data.js';
import { e, numberCell } from './cells.js';

export function headroomSection(report: EvaluationReport): ReportSection | null {
  const h = headroomOf(report.scorers, candidateOf(report.scorers));
  if (!h) return null;
  const m = (x: number | null) => numberCell(x === null ? 'n/a' : formatMetric(x));
  const rows = [
    ...(h.history ? [`<tr><th scope="row"><strong>Achievable bound</strong>: ${e(h.history.name)}</th>${m(h.history.auc)}${m(h.history.mrr)}</tr>`] : []),
    ...(h.newCustomers ? [`<tr><th scope="row">New customers: ${e(h.newCustomers.name)}</th>${numberCell('')}${m(h.newCustomers.mrr)}</tr>`] : []),
    ...(h.fullOracle
      ? [`<tr><th scope="row">${e(h.fullOracle.name)}: hidden traits, not reachable</th>${m(h.fullOracle.auc)}${m(h.fullOracle.mrr)}</tr>`]
      : []),
  ];
  return {
    id: 'headroom',
    title: 'Headroom: the gap to what a model can reach',
    content: [
      trusted(
        `<p>Bound minus this model, on the same test rows. The achievable bound knows only each customer's past choices, as a model does; the full oracle knows their hidden traits, which no model can see.</p>
<table><thead><tr><th scope="col">gap to</th><th scope="col">AUC</th><th scope="col">MRR</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`,
      ),
    ],
  };
}
