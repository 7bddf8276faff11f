/** The evaluation report's header: which model, trained how, on which data, evaluated how. */
import { formatCount, formatSeconds } from '../../../src/report/format.js';
import { trusted, type Html } from '../../../src/report/html.js';
import type { Fact } from '../../../src/report/report-page.js';
import { candidateOf } from '../candidate.js';
import type { EvaluationReport } from '../report-data.js';
import { e } from './cells.js';

const MODE_TEXT = {
  sliced: 'sliced: one model per test day, trained on the days before it',
  once: 'once: one model trained before the first test day',
} as const;

function listOfDays(days: readonly string[]): string {
  if (days.length === 0) return 'none';
  if (days.length <= 5) return days.join(', ');
  return `${days[0]} … ${days[days.length - 1]}`;
}

function versionHtml(report: EvaluationReport): string {
  return report.model.version ? `<code>${e(report.model.version)}</code>` : '<em>not registered</em>';
}

export function headerSubtitle(report: EvaluationReport): Html {
  const candidate = candidateOf(report.scorers);
  return trusted(
    `Candidate <strong>${e(candidate?.name ?? report.model.architecture)}</strong> · model version ${versionHtml(report)} · created ${e(report.createdAt)}`,
  );
}

export function headerFacts(report: EvaluationReport): Fact[] {
  const { model, backend, data, evaluation } = report;
  const backendText = [backend.name, ...backend.details].map(e).join(' · ');
  const skipped = backend.skipped.length ? `<br><small>skipped: ${backend.skipped.map(e).join('; ')}</small>` : '';
  return [
    { term: 'Model version', value: trusted(versionHtml(report)) },
    { term: 'Architecture', value: model.architecture },
    { term: 'Seed', value: String(model.seed) },
    { term: 'Backend', value: trusted(backendText + skipped) },
    { term: 'Samples file', value: trusted(`<code>${e(data.samplesFile)}</code>`) },
    { term: 'Source hash', value: trusted(`<code>${e(data.sourceHash)}</code>`) },
    { term: 'Training days', value: `${data.firstTrainDay} to ${data.lastTrainDay}` },
    { term: `Test days (${data.testDays.length})`, value: listOfDays(data.testDays) },
    { term: 'Rows', value: `${formatCount(data.trainRows)} training · ${formatCount(data.testRows)} test · ${formatCount(data.testOccasions)} test occasions` },
    {
      term: 'Evaluation',
      value: `${MODE_TEXT[evaluation.mode] ?? evaluation.mode}; ${formatCount(evaluation.validationDays)} validation days; ${formatCount(evaluation.trainings)} trainings in ${formatSeconds(evaluation.seconds)}`,
    },
  ];
}
