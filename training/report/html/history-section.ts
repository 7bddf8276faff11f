/** The candidate's last training, epoch by epoch, with the epoch of lowest validation loss marked. */
import type { ReportSection } from '../../../src/report/report-page.js';
import { trusted } from '../../../src/report/html.js';
import { formatMetric, formatSeconds, isNumber } from '../../../src/report/format.js';
import type { EvaluationReport } from '../report-data.js';
import { numberCell } from './cells.js';

const section = (body: string): ReportSection => ({ id: 'history', title: 'Training history', content: [trusted(body)] });

export function historySection(report: EvaluationReport): ReportSection {
  const history = report.history ?? [];
  if (history.length === 0) return section('<p>No training history recorded.</p>');
  const valid = history.filter((h) => isNumber(h.validLoss));
  const best = valid.length ? valid.reduce((a, b) => (b.validLoss < a.validLoss ? b : a)) : undefined;
  const rows = history
    .map((h) => {
      const mark = h === best ? ' class="best"' : '';
      return `<tr${mark}>${numberCell(String(h.epoch))}${numberCell(formatMetric(h.trainLoss, 4))}${numberCell(formatMetric(h.validLoss, 4))}${numberCell(formatSeconds(h.seconds))}</tr>`;
    })
    .join('\n');
  return section(`<div class="table-wrap"><table class="metrics history">
<thead><tr><th class="num">Epoch</th><th class="num">Train loss</th><th class="num">Valid loss</th><th class="num">Time</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
${best ? `<p class="hint">Highlighted: epoch ${best.epoch}, the lowest validation loss.</p>` : ''}`);
}
