/** `wealthrec experiment start|stop|list|report`: A/B experiments of recommendation policies. */
import type { Command } from 'commander';
import { withDatabase } from '../../src/db/with-database.js';
import { runExperimentList, runExperimentReport, runExperimentStart, runExperimentStop } from '../../workflows/experiments.js';
import { dbOption, isoDay, positiveInteger } from '../options.js';

export function register(program: Command): void {
  const experiment = program
    .command('experiment')
    .description('A/B experiments of recommendation policies: customers assigned to arms by a salted hash, every served list logged');
  experiment
    .command('start')
    .description('start an experiment (one runs at a time); every server replica assigns customers alike from the next poll')
    .argument('<name>', 'a name never used before (letters, digits, ".", "_", "-")')
    .requiredOption('--arms <arms>', 'NAME=WEIGHT,...: champion, popularity, expert, or a registered model version; the first is the reference')
    .option('--salt <salt>', 'assignment salt (default: random, so experiments are independent)')
    .option('--day <date>', 'the bank day it starts (default: today)', isoDay)
    .option('--models <dir>', 'model registry, to check model-version arms (default ./models)')
    .addOption(dbOption())
    .action(async (name: string, o: { arms: string; salt?: string; day?: number; models?: string; db?: string }) => {
      await withDatabase(o.db, (knex) => runExperimentStart(knex, { name, ...o }), { mustExist: true });
    });
  experiment
    .command('stop')
    .description('stop a running experiment: answers carry no experiment from the next poll; its log stays for the report')
    .argument('<name>')
    .option('--day <date>', 'the bank day it stops (default: today)', isoDay)
    .addOption(dbOption())
    .action(async (name: string, o: { day?: number; db?: string }) => {
      await withDatabase(o.db, (knex) => runExperimentStop(knex, { name, day: o.day }), { mustExist: true });
    });
  experiment
    .command('list')
    .description('every experiment, newest first')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      await withDatabase(o.db, (knex) => runExperimentList(knex), { mustExist: true });
    });
  experiment
    .command('report')
    .description(
      'per arm: customers, impressions, conversions (bought a recommended product within the horizon) with 95% Wilson intervals, lift against the first arm, amount; the sample-ratio test; a per-day chart',
    )
    .argument('<name>')
    .option('--horizon <days>', 'bank days after an impression in which a purchase counts', positiveInteger, 7)
    .option('--json', 'print the figures as JSON')
    .option('--out <dir>', 'write experiment.json, experiment.md and experiment.html there')
    .option('--today <date>', 'the bank day to report as of (default: today)', isoDay)
    .addOption(dbOption())
    .action(async (name: string, o: { horizon: number; json?: boolean; out?: string; today?: number; db?: string }) => {
      await withDatabase(o.db, (knex) => runExperimentReport(knex, { name, ...o }), { mustExist: true });
    });
}
