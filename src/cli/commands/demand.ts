/** `wealthrec demand train`: evaluates the demand model on time slices, then trains, registers and (optionally) promotes it. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ARCHITECTURES, type Architecture } from '../../../training/architectures.js';
import { selectBackend, type BackendName } from '../../../training/backend.js';
import { demandTargetOf } from '../../../training/demand/demand-data.js';
import { writeDemandReport } from '../../../training/demand/demand-report.js';
import { evaluateDemand, type DemandEvaluation } from '../../../training/demand/evaluate-demand.js';
import { trainDemandModel } from '../../../training/demand/train-demand-model.js';
import { DEFAULT_FIT_OPTIONS } from '../../../training/fit-model.js';
import { demandModelsRoot } from '../../../training/registry.js';
import { loadSamples } from '../../../training/samples.js';
import { registerTrainedModel } from '../register-model.js';
import { backendOption, nonNegativeInteger, positiveInteger } from '../options.js';

export interface DemandTrainFlags {
  samples: string;
  arch: Architecture;
  testDays: number;
  seed: number;
  epochs: number;
  batchSize: number;
  patience: number;
  backend: BackendName | 'auto';
  evaluate: boolean;
  report?: string;
  models?: string;
  promote?: boolean;
}

export function printDemandEvaluation(e: DemandEvaluation): void {
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '  n/a' : x.toFixed(3));
  console.log(`\ndemand evaluation (${e.days.length} test days ${e.days[0]?.day}..${e.days[e.days.length - 1]?.day}, ${e.pooled.rows.toLocaleString('en')} customer-days, ${(100 * e.pooled.positives / Math.max(1, e.pooled.rows)).toFixed(1)}% bought within ${e.target.horizonDays} days)`);
  console.log(`${'scorer'.padEnd(28)}   AUC  logloss  precision recall    F1  80% within`);
  for (const [name, s] of Object.entries(e.pooled.scorers)) {
    const t = s.atThreshold;
    console.log(`${name.padEnd(28)} ${f(s.auc)}  ${f(s.logloss)}     ${f(t?.precision)}  ${f(t?.recall)}  ${f(t?.f1)}  ${s.shareFor80 === null ? 'n/a' : `${(100 * s.shareFor80).toFixed(1)}%`}`);
  }
}

export async function runDemandTrain(flags: DemandTrainFlags): Promise<{ version: string; evaluation: DemandEvaluation | null }> {
  const backend = await selectBackend(flags.backend);
  console.log(`backend: ${backend.name}${backend.details.length ? ` (${backend.details.join('; ')})` : ''}`);
  const samples = await loadSamples(flags.samples, 'demand');
  const target = demandTargetOf(samples, flags.samples);
  console.log(`demand samples: ${samples.length.toLocaleString('en')} customer-days, horizon ${target.horizonDays} days, ${target.category ?? 'any product'}, ${flags.samples}`);
  const fit = { ...DEFAULT_FIT_OPTIONS, maxEpochs: flags.epochs, batchSize: flags.batchSize, patience: flags.patience };
  let evaluation: DemandEvaluation | null = null;
  if (flags.evaluate) {
    evaluation = await evaluateDemand(samples, {
      target, testDays: flags.testDays, architecture: flags.arch, seed: flags.seed, fit, backend,
      onTrained: (t) => console.log(`trained ${t.label} for ${t.testDay}: ${t.fit.history.length} epochs (best ${t.fit.bestEpoch}, valid loss ${t.fit.bestValidLoss.toFixed(4)})`),
    });
    printDemandEvaluation(evaluation);
    if (flags.report) {
      const written = await writeDemandReport(resolve(flags.report), evaluation);
      console.log(`demand report: ${written.markdown}`);
    }
  }
  const contents = await trainDemandModel(samples, { architecture: flags.arch, seed: flags.seed, fit, backend, samplesFile: flags.samples, target });
  const version = await registerTrainedModel(demandModelsRoot(flags.models), contents, { what: 'demand', metrics: evaluation, promote: flags.promote });
  return { version, evaluation };
}

export function registerDemand(program: Command): void {
  program
    .command('demand')
    .description('the demand model: will the customer buy within H days?')
    .command('train')
    .description('evaluate on time slices, then train on every day of the demand table and register the model')
    .requiredOption('--samples <file>', 'demand wide table (wealthrec features demand)')
    .addOption(new Option('--arch <architecture>', 'the candidate model').choices(ARCHITECTURES).default('mlp'))
    .option('--test-days <n>', 'the last n as-of days are test days', positiveInteger, 3)
    .option('--seed <n>', 'seed of initial weights and shuffling', nonNegativeInteger, 7)
    .option('--epochs <n>', 'most epochs', positiveInteger, DEFAULT_FIT_OPTIONS.maxEpochs)
    .option('--batch-size <n>', 'rows per gradient step', positiveInteger, DEFAULT_FIT_OPTIONS.batchSize)
    .option('--patience <n>', 'epochs without a better validation loss before stopping', positiveInteger, DEFAULT_FIT_OPTIONS.patience)
    .addOption(backendOption())
    .option('--no-evaluate', 'skip the time-sliced evaluation')
    .option('--report <dir>', 'write demand-report.md and demand-metrics.json there')
    .option('--models <dir>', 'model registry root (default: $WEALTHREC_MODELS or ./models); demand models go to its demand/ folder')
    .option('--promote', 'make the new model the demand champion that campaigns use')
    .action(async (flags: DemandTrainFlags) => {
      await runDemandTrain(flags);
    });
}
