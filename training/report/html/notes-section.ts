/** Things an analyst should know before trusting the numbers above. */
import type { ReportSection } from '../../../src/report/report-page.js';
import { trusted } from '../../../src/report/html.js';
import type { EvaluationReport } from '../report-data.js';
import { e } from './cells.js';

export function notesSection(report: EvaluationReport): ReportSection {
  const notes = report.notes ?? [];
  const body = notes.length ? `<ul class="notes">\n${notes.map((n) => `<li>${e(n)}</li>`).join('\n')}\n</ul>` : '<p>No notes.</p>';
  return { id: 'notes', title: 'Notes', content: [trusted(body)] };
}
