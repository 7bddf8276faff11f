/** The report's header: which model, trained how, on which data, evaluated how. */
import { formatCount, formatSeconds } from '../format.js';
import type { EvaluationReport } from '../report-data.js';
import { candidateOf } from '../candidate.js';
import { e } from './cells.js';

const MODE_TEXT = { sliced: 'sliced: one model per test day, trained on the days before it', once: 'once: one model trained before the first test day' } as const;

function fact(term: string, definition: string): string {
  return `<dt>${e(term)}</dt><dd>${definition}</dd>`;
}

function listOfDays(days: readonly string[]): string {
  if (days.length === 0) return 'none';
  if (days.length <= 5) return days.map(e).join(', ');
  return `${e(days[0])} … ${e(days[days.length - 1])}`;
}

export function headerSection(report: EvaluationReport): string {
  const { model, backend, data, evaluation } = report;
  const candidate = candidateOf(report.scorers);
  const version = model.version ? `<code>${e(model.version)}</code>` : '<em>not registered</em>';
  const backendText = [e(backend.name), ...backend.details.map(e)].join(' · ');
  const skipped = backend.skipped.length ? `<br><small>skipped: ${backend.skipped.map(e).join('; ')}</small>` : '';
  return `<header>
<h1>Offline evaluation report</h1>
<p class="subtitle">Candidate <strong>${e(candidate?.name ?? model.architecture)}</strong> · model version ${version} · created ${e(report.createdAt)}</p>
<dl class="facts">
${fact('Model version', version)}
${fact('Architecture', e(model.architecture))}
${fact('Seed', e(String(model.seed)))}
${fact('Backend', backendText + skipped)}
${fact('Samples file', `<code>${e(data.samplesFile)}</code>`)}
${fact('Source hash', `<code>${e(data.sourceHash)}</code>`)}
${fact('Training days', `${e(data.firstTrainDay)} to ${e(data.lastTrainDay)}`)}
${fact(`Test days (${data.testDays.length})`, listOfDays(data.testDays))}
${fact('Rows', `${formatCount(data.trainRows)} training · ${formatCount(data.testRows)} test · ${formatCount(data.testOccasions)} test occasions`)}
${fact('Evaluation', `${e(MODE_TEXT[evaluation.mode] ?? evaluation.mode)}; ${formatCount(evaluation.validationDays)} validation days; ${formatCount(evaluation.trainings)} trainings in ${formatSeconds(evaluation.seconds)}`)}
</dl>
</header>`;
}
