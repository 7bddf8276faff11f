/** The champion, if any, against the candidate on the same test rows: pooled AUC, logloss and MRR with the change. */
import type { ReportSection } from '../../../src/report/report-page.js';
import { trusted } from '../../../src/report/html.js';
import { candidateOf } from '../candidate.js';
import { formatCount, formatDelta, formatMetric, isNumber, type MaybeNumber } from '../../../src/report/format.js';
import type { EvaluationReport } from '../report-data.js';
import { e, numberCell } from './cells.js';

interface Row {
  name: string;
  champion: MaybeNumber;
  candidate: MaybeNumber;
  higherIsBetter: boolean;
}

function changeCell(row: Row): string {
  if (!isNumber(row.champion) || !isNumber(row.candidate)) return numberCell(formatDelta(null));
  const delta = row.candidate - row.champion;
  const better = row.higherIsBetter ? delta > 0 : delta < 0;
  const quality = Number(Math.abs(delta).toFixed(3)) === 0 ? '' : better ? 'good' : 'bad';
  return numberCell(formatDelta(delta), quality);
}

const section = (body: string): ReportSection => ({ id: 'champion', title: 'Champion comparison', content: [trusted(body)] });

export function championSection(report: EvaluationReport): ReportSection {
  const champion = report.champion;
  if (!champion) return section('<p>No champion yet: nothing to compare against, this candidate would be the first.</p>');
  const candidate = candidateOf(report.scorers);
  if (!candidate)
    return section(`<p>Champion <code>${e(champion.version)}</code> is recorded, but the report holds no candidate model to compare it with.</p>`);
  const rows: Row[] = [
    { name: 'AUC', champion: champion.pooled.auc, candidate: candidate.pooled.auc, higherIsBetter: true },
    { name: 'Logloss', champion: champion.pooled.logloss, candidate: candidate.pooled.logloss, higherIsBetter: false },
    { name: 'MRR', champion: champion.pooled.ranking?.mrr, candidate: candidate.pooled.ranking?.mrr, higherIsBetter: true },
  ];
  const body = rows
    .map((r) => `<tr><th scope="row">${r.name}</th>${numberCell(formatMetric(r.champion))}${numberCell(formatMetric(r.candidate))}${changeCell(r)}</tr>`)
    .join('\n');
  const mismatch =
    champion.pooled.rows !== candidate.pooled.rows
      ? `<p class="callout">The champion was scored on ${formatCount(champion.pooled.rows)} rows and the candidate on ${formatCount(candidate.pooled.rows)}: the comparison is not on identical rows.</p>`
      : '';
  const version = report.model.version ? e(report.model.version) : 'not registered';
  return section(`<div class="table-wrap"><table class="metrics">
<thead><tr><th>Metric</th><th class="num">Champion <code>${e(champion.version)}</code></th><th class="num">Candidate <code>${version}</code></th><th class="num">Change</th></tr></thead>
<tbody>
${body}
</tbody></table></div>
<p class="hint">Change is candidate minus champion; green is better (higher AUC and MRR, lower logloss).</p>
${mismatch}`);
}
