/** The headline table: every scorer's pooled metrics, the candidate highlighted, then what each scorer is. */
import type { ReportSection } from '../../../src/report/report-page.js';
import { trusted } from '../../../src/report/html.js';
import { candidateOf } from '../candidate.js';
import { formatCount } from '../../../src/report/format.js';
import { swatch } from '../../../src/report/swatch.js';
import type { EvaluationReport, SegmentMetrics } from '../report-data.js';
import type { SeriesStyles } from '../../../src/report/series-style.js';
import { e, kindLabel, metricCell, rowClass, scorerCell } from './cells.js';

export const TOP_NS = [1, 3, 5] as const;

function topNCells(metrics: SegmentMetrics, n: number): string {
  const top = metrics.ranking?.topN?.find((t) => t.n === n);
  return [top?.precision, top?.recall, top?.hitRate, top?.map].map((v, i) => metricCell(v, 3, i === 0 ? 'group-start' : '')).join('');
}

export function pooledSection(report: EvaluationReport, styles: SeriesStyles): ReportSection {
  const candidate = candidateOf(report.scorers);
  const reference = candidate ?? report.scorers[0];
  const groupHeads = TOP_NS.map((n) => `<th colspan="4" class="group group-start">Top ${n}</th>`).join('');
  const subHeads = TOP_NS.map(
    () =>
      '<th class="num group-start" title="precision">Prec.</th><th class="num">Recall</th><th class="num" title="hit rate">Hit</th><th class="num">MAP</th>',
  ).join('');
  const rows = report.scorers
    .map(
      (s) =>
        `<tr${rowClass(s, candidate)}>${scorerCell(s, styles)}<td>${e(kindLabel(s, candidate))}</td>` +
        `${metricCell(s.pooled.auc)}${metricCell(s.pooled.logloss)}${metricCell(s.pooled.ranking?.mrr)}` +
        `${TOP_NS.map((n) => topNCells(s.pooled, n)).join('')}</tr>`,
    )
    .join('\n');
  const scope = reference
    ? `<p>Pooled over ${formatCount(reference.pooled.rows)} test rows with ${formatCount(reference.pooled.positives)} purchases; ranking metrics average over ${formatCount(reference.pooled.ranking?.occasions)} occasions with a purchase (one customer on one day).</p>`
    : '';
  const descriptions = report.scorers
    .map((s) => `<dt>${swatch(styles.get(s.name))}${e(s.name)} <span class="kind">${e(kindLabel(s, candidate))}</span></dt><dd>${e(s.description)}</dd>`)
    .join('\n');
  const body = `${scope}
<div class="table-wrap"><table class="metrics">
<thead><tr><th rowspan="2">Scorer</th><th rowspan="2">Kind</th><th rowspan="2" class="num">AUC</th><th rowspan="2" class="num">Logloss</th><th rowspan="2" class="num">MRR</th>${groupHeads}</tr>
<tr>${subHeads}</tr></thead>
<tbody>
${rows}
</tbody></table></div>
<p class="hint">Logloss is n/a for scorers whose scores are not probabilities. Top N: the N best-scored products of each occasion. Prec.: share of them bought; Recall: share of purchases among them; Hit: share of occasions with a purchase among them; MAP: mean average precision at N.</p>
<dl class="scorers">
${descriptions}
</dl>`;
  return { id: 'pooled', title: 'Pooled metrics', content: [trusted(body)] };
}
