/** Per test day: rows, purchases, and each scorer's AUC and MRR side by side. */
import type { ReportSection } from '../../../src/report/report-page.js';
import { trusted } from '../../../src/report/html.js';
import { candidateOf } from '../candidate.js';
import { formatCount } from '../../../src/report/format.js';
import { swatch } from '../../../src/report/swatch.js';
import type { EvaluationReport } from '../report-data.js';
import type { SeriesStyles } from '../../../src/report/series-style.js';
import { e, metricCell } from './cells.js';

export function perDaySection(report: EvaluationReport, styles: SeriesStyles): ReportSection {
  const scorers = report.scorers;
  const candidate = candidateOf(scorers);
  const first = scorers[0];
  const heads = scorers
    .map((s) => `<th colspan="2" class="group${s === candidate ? ' candidate' : ''}">${swatch(styles.get(s.name))}${e(s.name)}</th>`)
    .join('');
  const subHeads = scorers.map(() => '<th class="num">AUC</th><th class="num">MRR</th>').join('');
  const rows = report.data.testDays
    .map((day) => {
      const counts = first?.perDay?.[day];
      const cells = scorers
        .map((s) => {
          const m = s.perDay?.[day];
          const cls = s === candidate ? 'candidate' : '';
          return metricCell(m?.auc, 3, cls) + metricCell(m?.ranking?.mrr, 3, cls);
        })
        .join('');
      return `<tr><th scope="row">${e(day)}</th><td class="num">${formatCount(counts?.rows)}</td><td class="num">${formatCount(counts?.positives)}</td>${cells}</tr>`;
    })
    .join('\n');
  const body = `<div class="table-wrap"><table class="metrics">
<thead><tr><th rowspan="2">Day</th><th rowspan="2" class="num">Rows</th><th rowspan="2" class="num">Purchases</th>${heads}</tr>
<tr>${subHeads}</tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
  return { id: 'per-day', title: 'Per test day', content: [trusted(body)] };
}
