/** Things an analyst should know before trusting the numbers above. */
import type { EvaluationReport } from '../report-data.js';
import { e } from './cells.js';

export function notesSection(report: EvaluationReport): string {
  const notes = report.notes ?? [];
  const body = notes.length ? `<ul class="notes">\n${notes.map((n) => `<li>${e(n)}</li>`).join('\n')}\n</ul>` : '<p>No notes.</p>';
  return `<section id="notes">\n<h2>Notes</h2>\n${body}\n</section>`;
}
