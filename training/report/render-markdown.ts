/**
 * A short Markdown summary of an evaluation report, for a pull request or a chat message: the
 * facts, every scorer's pooled metrics, new vs existing customers, the champion deltas, the notes.
 * The full picture is in report.html.
 */
import { candidateOf } from './candidate.js';
import { formatCount, formatDelta, formatMetric, formatPercent, formatSeconds, isNumber, type MaybeNumber } from '../../src/report/format.js';
import type { EvaluationReport, ScorerReport, SegmentMetrics } from './report-data.js';
import { REACH_LEVEL, shareToReachOnGain } from './reach-on-gain.js';
import { headroomOf } from './headroom.js';

/** Text that must stay text: no emphasis, links, HTML or table breaks from a scorer name or a note. */
export function escapeMarkdown(text: string): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** A code span that survives backticks in its content. */
function code(text: string): string {
  const longest = Math.max(0, ...(String(text).match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

function table(head: readonly string[], align: readonly ('l' | 'r')[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

const hitRate = (m: SegmentMetrics | undefined, n: number) => m?.ranking?.topN?.find((t) => t.n === n)?.hitRate;
const m3 = (v: MaybeNumber) => formatMetric(v);

function headerLines(report: EvaluationReport, candidate: ScorerReport | undefined): string[] {
  const { model, backend, data, evaluation } = report;
  const days = data.testDays.length <= 3 ? data.testDays.join(', ') : `${data.testDays[0]} … ${data.testDays[data.testDays.length - 1]}`;
  return [
    `## Offline evaluation: ${escapeMarkdown(candidate?.name ?? model.architecture)} (${model.version ? code(model.version) : 'not registered'})`,
    '',
    `- **Model**: ${escapeMarkdown(model.architecture)}, seed ${model.seed}, version ${model.version ? code(model.version) : 'not registered'}`,
    `- **Backend**: ${escapeMarkdown([backend.name, ...backend.details].join(', '))}`,
    `- **Data**: ${code(data.samplesFile)} (source ${code(data.sourceHash)}); trained on ${escapeMarkdown(data.firstTrainDay)} to ${escapeMarkdown(data.lastTrainDay)}; ${data.testDays.length} test days (${escapeMarkdown(days)}); ${formatCount(data.testRows)} test rows, ${formatCount(data.testOccasions)} occasions`,
    `- **Evaluation**: ${escapeMarkdown(evaluation.mode)}, ${formatCount(evaluation.trainings)} trainings in ${formatSeconds(evaluation.seconds)}`,
  ];
}

function pooledTable(scorers: readonly ScorerReport[], candidate: ScorerReport | undefined): string {
  const rows = scorers.map((s) => {
    const name = s === candidate ? `**${escapeMarkdown(s.name)}**` : escapeMarkdown(s.name);
    const kind = s === candidate ? 'candidate' : s.kind;
    const reach = shareToReachOnGain(s.curves?.gain ?? []);
    return [
      name,
      kind,
      m3(s.pooled.auc),
      m3(s.pooled.logloss),
      m3(s.pooled.ranking?.mrr),
      m3(hitRate(s.pooled, 1)),
      m3(hitRate(s.pooled, 3)),
      m3(hitRate(s.pooled, 5)),
      formatPercent(reach),
    ];
  });
  const head = ['Scorer', 'Kind', 'AUC', 'Logloss', 'MRR', 'Hit@1', 'Hit@3', 'Hit@5', `Rows for ${formatPercent(REACH_LEVEL)} of buyers`];
  return table(head, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], rows);
}

function customerTypeTable(scorers: readonly ScorerReport[], candidate: ScorerReport | undefined): string {
  const shown = scorers.filter((s) => s === candidate || s.kind === 'oracle');
  if (shown.length === 0) return '';
  const rows = shown.map((s) => [
    escapeMarkdown(s.name),
    m3(s.byCustomerType?.new?.auc),
    m3(s.byCustomerType?.new?.ranking?.mrr),
    m3(s.byCustomerType?.existing?.auc),
    m3(s.byCustomerType?.existing?.ranking?.mrr),
  ]);
  return table(['Scorer', 'New AUC', 'New MRR', 'Existing AUC', 'Existing MRR'], ['l', 'r', 'r', 'r', 'r'], rows);
}

/** The headline an analyst should read first (headroom.ts); empty without an oracle. */
function headroomLines(scorers: readonly ScorerReport[], candidate: ScorerReport | undefined): string[] {
  const h = headroomOf(scorers, candidate);
  if (!h) return [];
  const m = (x: number | null) => (x === null ? 'n/a' : formatMetric(x));
  const lines = [
    ...(h.history ? [`- **Gap to the achievable bound** (${escapeMarkdown(h.history.name)}): AUC ${m(h.history.auc)}, MRR ${m(h.history.mrr)}`] : []),
    ...(h.newCustomers ? [`- **New customers, gap to the ${escapeMarkdown(h.newCustomers.name)}**: MRR ${m(h.newCustomers.mrr)}`] : []),
    ...(h.fullOracle ? [`- Gap to the full oracle (hidden traits, not reachable): AUC ${m(h.fullOracle.auc)}, MRR ${m(h.fullOracle.mrr)}`] : []),
  ];
  return ['### Headroom', '', ...lines, ''];
}

function championLine(report: EvaluationReport, candidate: ScorerReport | undefined): string {
  const champion = report.champion;
  if (!champion) return '**Champion**: no champion yet.';
  if (!candidate) return `**Champion** ${code(champion.version)}: no candidate in this report to compare with.`;
  const part = (name: string, before: MaybeNumber, after: MaybeNumber) =>
    `${name} ${m3(before)} → ${m3(after)} (${isNumber(before) && isNumber(after) ? formatDelta(after - before) : 'n/a'})`;
  return (
    `**Champion** ${code(champion.version)} → candidate: ` +
    [
      part('AUC', champion.pooled.auc, candidate.pooled.auc),
      part('logloss', champion.pooled.logloss, candidate.pooled.logloss),
      part('MRR', champion.pooled.ranking?.mrr, candidate.pooled.ranking?.mrr),
    ].join('; ')
  );
}

export function renderReportMarkdown(report: EvaluationReport): string {
  const candidate = candidateOf(report.scorers);
  const segments = customerTypeTable(report.scorers, candidate);
  const notes = report.notes?.length ? report.notes.map((n) => `- ${escapeMarkdown(n)}`) : ['- none'];
  return [
    ...headerLines(report, candidate),
    '',
    ...headroomLines(report.scorers, candidate),
    '### Pooled metrics',
    '',
    pooledTable(report.scorers, candidate),
    '',
    ...(segments ? ['### New vs existing customers', '', segments, ''] : []),
    championLine(report, candidate),
    '',
    '### Notes',
    '',
    ...notes,
    '',
  ].join('\n');
}
