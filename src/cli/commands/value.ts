/** `wealthrec value train`: evaluates the customer value model on time slices, then trains, registers and (optionally) promotes it. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { selectBackend, type BackendName } from '../../../training/backend.js';
import { DEFAULT_FIT_OPTIONS } from '../../../training/fit-model.js';
import { valueModelsRoot } from '../../../training/registry.js';
import { loadSamples } from '../../../training/samples.js';
import { evaluateValue, type ValueEvaluation } from '../../../training/value/evaluate-value.js';
import type { RegressionLoss } from '../../../training/value/fit-regression.js';
import { trainValueModel } from '../../../training/value/train-value-model.js';
import { valueTargetOf } from '../../../training/value/value-data.js';
import { writeValueReport } from '../../../training/value/value-report.js';
import { registerTrainedModel } from '../register-model.js';
import { backendOption, nonNegativeInteger, positiveInteger } from '../options.js';

export interface ValueTrainFlags {
  samples: string;
  loss: RegressionLoss;
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

export function printValueEvaluation(e: ValueEvaluation): void {
  console.log(`\nvalue evaluation (${e.days.length} test days ${e.days[0]?.day}..${e.days[e.days.length - 1]?.day}, ${e.pooled.rows.toLocaleString('en')} customer-days, ${(100 * e.pooled.buyers / Math.max(1, e.pooled.rows)).toFixed(1)}% bought within ${e.target.horizonDays} days; log(1 + yuan))`);
  console.log(`${'forecast'.padEnd(32)}   MAE     R²`);
  for (const [name, s] of Object.entries(e.pooled.scorers)) console.log(`${name.padEnd(32)} ${s.mae.toFixed(3)}  ${s.r2.toFixed(3)}`);
}

export async function runValueTrain(flags: ValueTrainFlags): Promise<{ version: string; evaluation: ValueEvaluation | null }> {
  const backend = await selectBackend(flags.backend);
  console.log(`backend: ${backend.name}${backend.details.length ? ` (${backend.details.join('; ')})` : ''}`);
  const samples = await loadSamples(flags.samples, 'value');
  const target = valueTargetOf(samples, flags.samples);
  console.log(`value samples: ${samples.length.toLocaleString('en')} customer-days, horizon ${target.horizonDays} days, ${flags.samples}`);
  const fit = { ...DEFAULT_FIT_OPTIONS, maxEpochs: flags.epochs, batchSize: flags.batchSize, patience: flags.patience };
  let evaluation: ValueEvaluation | null = null;
  if (flags.evaluate) {
    evaluation = await evaluateValue(samples, {
      target, testDays: flags.testDays, loss: flags.loss, architecture: 'mlp', seed: flags.seed, fit, backend,
      onTrained: (t) => console.log(`trained ${t.label} for ${t.testDay}: ${t.fit.history.length} epochs (best ${t.fit.bestEpoch}, valid MSE ${t.fit.bestValidLoss.toFixed(4)})`),
    });
    printValueEvaluation(evaluation);
    if (flags.report) {
      const written = await writeValueReport(resolve(flags.report), evaluation);
      console.log(`value report: ${written.markdown}`);
    }
  }
  const contents = await trainValueModel(samples, { loss: flags.loss, architecture: 'mlp', seed: flags.seed, fit, backend, samplesFile: flags.samples, target });
  const version = await registerTrainedModel(valueModelsRoot(flags.models), contents, { what: 'value', metrics: evaluation, promote: flags.promote });
  return { version, evaluation };
}

export function registerValue(program: Command): void {
  program
    .command('value')
    .description('the customer value model: how many yuan will the customer buy in the next 30 or 90 days?')
    .command('train')
    .description('evaluate on time slices against the naive forecast, then train on every day of the value table and register the model')
    .requiredOption('--samples <file>', 'value wide table (wealthrec features value)')
    .addOption(new Option('--loss <loss>', 'what the registered model minimises: absolute error (a median forecast) or squared error (a mean)').choices(['absolute', 'squared']).default('absolute'))
    .option('--test-days <n>', 'the last n as-of days are test days', positiveInteger, 3)
    .option('--seed <n>', 'seed of initial weights and shuffling', nonNegativeInteger, 7)
    .option('--epochs <n>', 'most epochs', positiveInteger, DEFAULT_FIT_OPTIONS.maxEpochs)
    .option('--batch-size <n>', 'rows per gradient step', positiveInteger, DEFAULT_FIT_OPTIONS.batchSize)
    .option('--patience <n>', 'epochs without a better validation loss before stopping', positiveInteger, DEFAULT_FIT_OPTIONS.patience)
    .addOption(backendOption())
    .option('--no-evaluate', 'skip the time-sliced evaluation')
    .option('--report <dir>', 'write value-report.md (with the segment table) and value-metrics.json there')
    .option('--models <dir>', 'model registry root (default: $WEALTHREC_MODELS or ./models); value models go to its value/ folder')
    .option('--promote', 'make the new model the value champion that profiles use')
    .action(async (flags: ValueTrainFlags) => {
      await runValueTrain(flags);
    });
}
