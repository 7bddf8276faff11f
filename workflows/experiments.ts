/** `wealthrec experiment ...`: start, stop, list and report A/B experiments of recommendation policies, in the bank database. */
import { join } from 'node:path';
import type { Knex } from 'knex';
import { parseArms } from '../serving/experiments/arm-policy.js';
import { experimentOutcomes, type ExperimentOutcomes } from '../serving/experiments/experiment-outcomes.js';
import { findExperiment, listExperiments, startExperiment, stopExperiment, type Experiment } from '../serving/experiments/experiments-table.js';
import { renderExperimentHtml, renderExperimentMarkdown, renderExperimentText } from '../serving/experiments/render-experiment-report.js';
import { formatDay, todayInBank, type DayNumber } from '../src/domain/dates.js';
import { listModels, modelsRoot } from '../src/model-directory/registry.js';
import { writeReportFiles } from '../src/report/write-report-files.js';

export async function runExperimentStart(
  knex: Knex,
  flags: { name: string; arms: string; salt?: string; day?: DayNumber; models?: string; startedBy?: string },
): Promise<Experiment> {
  const versions = (await listModels(modelsRoot(flags.models))).filter((e) => e.card?.task === 'choice').map((e) => e.version);
  const arms = parseArms(flags.arms, versions);
  const experiment = await startExperiment(knex, {
    name: flags.name,
    arms,
    salt: flags.salt,
    day: flags.day ?? todayInBank(),
    startedBy: flags.startedBy ?? 'cli',
  });
  console.log(
    `experiment ${experiment.name} started on ${formatDay(experiment.startedDay)}: ${arms.map((a) => `${a.arm} ${a.weight}`).join(', ')}; servers pick it up within seconds`,
  );
  return experiment;
}

export async function runExperimentStop(knex: Knex, flags: { name: string; day?: DayNumber }): Promise<void> {
  const stopped = await stopExperiment(knex, flags.name, flags.day ?? todayInBank());
  console.log(`experiment ${stopped.name} stopped on ${formatDay(stopped.stoppedDay!)}; answers carry no experiment from the next poll`);
}

export async function runExperimentList(knex: Knex): Promise<void> {
  const all = await listExperiments(knex);
  if (all.length === 0) console.log('no experiments (wealthrec experiment start NAME --arms champion=50,popularity=50)');
  for (const e of all)
    console.log(
      `${e.name}  ${e.stoppedAt === null ? 'running' : 'stopped'}  ${formatDay(e.startedDay)}..${e.stoppedDay === null ? '' : formatDay(e.stoppedDay)}  ${e.arms.map((a) => `${a.arm}=${a.weight}`).join(',')}`,
    );
}

export interface ReportFlags {
  name: string;
  horizon: number;
  json?: boolean;
  out?: string;
  today?: DayNumber;
  /** The demo's replay on a synthetic bank: the report says its figures are hit rates. */
  replay?: boolean;
}

/** experiment.json, experiment.md and experiment.html in `dir`, each whole or not at all (writeReportFiles). */
export async function writeExperimentReport(dir: string, outcomes: ExperimentOutcomes, replay = false): Promise<{ json: string; md: string; html: string }> {
  const html = await renderExperimentHtml(outcomes, replay);
  return writeReportFiles(dir, {
    json: { name: 'experiment.json', content: `${JSON.stringify(outcomes, null, 1)}\n` },
    md: { name: 'experiment.md', content: renderExperimentMarkdown(outcomes, replay) },
    html: { name: 'experiment.html', content: html },
  });
}

export async function runExperimentReport(knex: Knex, flags: ReportFlags): Promise<ExperimentOutcomes> {
  const experiment = await findExperiment(knex, flags.name);
  const outcomes = await experimentOutcomes(knex, experiment, { horizonDays: flags.horizon, today: flags.today ?? todayInBank() });
  if (flags.out) await writeExperimentReport(flags.out, outcomes, flags.replay);
  if (flags.json) console.log(JSON.stringify(outcomes, null, 1));
  else {
    console.log(renderExperimentText(outcomes, flags.replay));
    if (flags.out) console.log(`report: ${join(flags.out, 'experiment.html')} (and .md, .json)`);
  }
  return outcomes;
}
