/** The candidate's last training, epoch by epoch, with the epoch of lowest validation loss marked. */
import { formatMetric, formatSeconds, isNumber } from '../format.js';
import type { EvaluationReport } from '../report-data.js';
import { numberCell } from './cells.js';

export function historySection(report: EvaluationReport): string {
  const history = report.history ?? [];
  const head = '<section id="history">\n<h2>Training history</h2>';
  if (history.length === 0) return `${head}\n<p>No training history recorded.</p>\n</section>`;
  const valid = history.filter((h) => isNumber(h.validLoss));
  const best = valid.length ? valid.reduce((a, b) => (b.validLoss < a.validLoss ? b : a)) : undefined;
  const rows = history
    .map((h) => {
      const mark = h === best ? ' class="best"' : '';
      return `<tr${mark}>${numberCell(String(h.epoch))}${numberCell(formatMetric(h.trainLoss, 4))}${numberCell(formatMetric(h.validLoss, 4))}${numberCell(formatSeconds(h.seconds))}</tr>`;
    })
    .join('\n');
  return `${head}
<div class="table-wrap"><table class="metrics history">
<thead><tr><th class="num">Epoch</th><th class="num">Train loss</th><th class="num">Valid loss</th><th class="num">Time</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
${best ? `<p class="hint">Highlighted: epoch ${best.epoch}, the lowest validation loss.</p>` : ''}
</section>`;
}
