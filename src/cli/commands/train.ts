/**
 * `wealthrec evaluate`: the time-sliced offline evaluation and its report.
 * `wealthrec train`: the same evaluation, then the model that serves, registered with its metrics.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ARCHITECTURES, DEFAULT_ARCHITECTURE, type Architecture } from '../../../training/architectures.js';
import { selectBackend, type BackendChoice, type BackendName } from '../../../training/backend.js';
import { evaluate, type Evaluation } from '../../../training/evaluate.js';
import { DEFAULT_FIT_OPTIONS } from '../../../training/fit-model.js';
import { writeModelDirectory } from '../../../training/model-directory.js';
import { readOracleChoice } from '../../../training/oracle-scores.js';
import { loadChampion, modelsRoot, promote } from '../../../training/registry.js';
import { writeReport } from '../../../training/report/write-report.js';
import { loadSamples, type Samples } from '../../../training/samples.js';
import type { EvaluationMode } from '../../../training/time-slices.js';
import { trainForServing } from '../../../training/train-for-serving.js';
import { writePredictions } from '../../../training/write-predictions.js';
import { UsageError } from '../../errors.js';
import { log } from '../../log.js';
import { backendOption, nonNegativeInteger, positiveInteger } from '../options.js';
import { progressBar } from '../progress-bar.js';

export interface TrainingFlags {
  samples: string;
  arch: Architecture;
  ablation: Architecture[];
  mode: EvaluationMode;
  testDays: number;
  validationDays: number;
  trainDays?: number;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  negativeRate: number;
  workers: number;
  backend: BackendName | 'auto';
  oracle?: string;
  models?: string;
  report?: string;
  predictions?: string;
}

function architectureList(text: string): Architecture[] {
  const list = text === '' || text === 'none' ? [] : text.split(',').map((s) => s.trim());
  for (const a of list) if (!(ARCHITECTURES as readonly string[]).includes(a)) throw new UsageError(`unknown architecture "${a}": expected ${ARCHITECTURES.join(', ')}`);
  return list as Architecture[];
}

function positiveNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`expected a positive number, got "${text}"`);
  return n;
}

function shareOfOne(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new UsageError(`expected a share in (0, 1], got "${text}"`);
  return n;
}

function addTrainingOptions(command: Command): Command {
  return command
    .requiredOption('--samples <file>', 'labelled wide table (wealthrec features build), covering the training and test days')
    .addOption(new Option('--arch <architecture>', 'the candidate model').choices(ARCHITECTURES).default(DEFAULT_ARCHITECTURE))
    .option('--ablation <list>', 'architectures trained beside it for the ablation (logistic regression always is, as a baseline)', architectureList, ['dcn'] as Architecture[])
    .addOption(new Option('--mode <mode>', 'sliced: a model per test day; once: one model before the first test day').choices(['sliced', 'once']).default('sliced'))
    .option('--test-days <n>', 'the last n days are test days', positiveInteger, 10)
    .option('--validation-days <n>', 'days before each test day that stop training early', positiveInteger, 3)
    .option('--train-days <n>', 'days of occasions before the validation days to train on (default: all)', positiveInteger)
    .option('--seed <n>', 'seed of initial weights and shuffling', nonNegativeInteger, 7)
    .option('--epochs <n>', 'most epochs (early stopping usually ends sooner)', positiveInteger, DEFAULT_FIT_OPTIONS.maxEpochs)
    .option('--batch-size <n>', 'rows per gradient step', positiveInteger, DEFAULT_FIT_OPTIONS.batchSize)
    .option('--learning-rate <x>', 'Adam learning rate', positiveNumber, DEFAULT_FIT_OPTIONS.learningRate)
    .option('--patience <n>', 'epochs without a better validation loss before stopping', positiveInteger, DEFAULT_FIT_OPTIONS.patience)
    .option('--negative-rate <x>', 'share of non-bought rows each epoch trains on, reweighted (1: all)', shareOfOne, 1)
    .option('--workers <n>', 'threads sharing each batch (wasm uses one core per thread)', positiveInteger, 1)
    .addOption(backendOption())
    .option('--oracle <dir>', "the synthetic bank's oracle folder, scored beside the models")
    .option('--models <dir>', 'model registry (default: $WEALTHREC_MODELS or ./models); its champion is compared')
    .option('--report <dir>', 'write report.html, report.md and metrics.json there')
    .option('--predictions <file>', 'write every test row with its label and scores as CSV');
}

interface Prepared {
  samples: Samples;
  backend: BackendChoice;
}

async function prepare(flags: TrainingFlags): Promise<Prepared> {
  const backend = await selectBackend(flags.backend);
  log.info({ backend: backend.name, details: backend.details, skipped: backend.skipped }, 'TensorFlow.js backend');
  console.log(`backend: ${backend.name}${backend.details.length ? ` (${backend.details.join('; ')})` : ''}`);
  const samples = await loadSamples(flags.samples);
  console.log(`samples: ${samples.length.toLocaleString('en')} rows, ${samples.features.length} features, ${flags.samples}`);
  return { samples, backend };
}

async function runEvaluation(flags: TrainingFlags, { samples, backend }: Prepared): Promise<Evaluation> {
  const oracle = flags.oracle ? await readOracleChoice(flags.oracle) : null;
  const champion = await loadChampion(modelsRoot(flags.models)).catch((err: Error) => {
    console.log(`champion not compared: ${err.message}`);
    return null;
  });
  const bar = progressBar('train');
  try {
    const evaluation = await evaluate(samples, {
      mode: flags.mode,
      testDays: flags.testDays,
      validationDays: flags.validationDays,
      trainDays: flags.trainDays,
      architecture: flags.arch,
      ablation: flags.ablation,
      seed: flags.seed,
      fit: { maxEpochs: flags.epochs, batchSize: flags.batchSize, learningRate: flags.learningRate, patience: flags.patience, negativeRate: flags.negativeRate, workers: flags.workers },
      backend,
      samplesFile: flags.samples,
      oracle,
      champion,
      onTrained: (t) => {
        bar.stop();
        const f = t.fit;
        const seconds = f.history.reduce((sum, h) => sum + h.seconds, 0);
        console.log(`trained ${t.training}/${t.trainings} ${t.label}: ${f.history.length} epochs (best ${f.bestEpoch}, valid loss ${f.bestValidLoss.toFixed(4)}), ${seconds.toFixed(1)} s, ${Math.round(f.rowsPerSecond).toLocaleString('en')} rows/s`);
      },
      onProgress: (p) => bar.update(p.rowsDone, p.rowsTotal, `${p.training}/${p.trainings} ${p.label}${p.epoch ? ` | epoch ${p.epoch.epoch} loss ${p.epoch.trainLoss.toFixed(4)} valid ${p.epoch.validLoss.toFixed(4)}` : ''}`),
    });
    return evaluation;
  } finally {
    bar.stop();
    champion?.scoring.dispose();
  }
}

async function writeOutputs(flags: TrainingFlags, samples: Samples, evaluation: Evaluation): Promise<void> {
  printEvaluation(evaluation);
  if (flags.report) {
    const written = await writeReport(resolve(flags.report), evaluation.report);
    console.log(`report: ${written.html}`);
  }
  if (flags.predictions) {
    const rows = await writePredictions(flags.predictions, samples, evaluation);
    console.log(`predictions: ${rows.toLocaleString('en')} rows -> ${flags.predictions}`);
  }
}

export function printEvaluation({ report }: Evaluation): void {
  const d = report.data;
  console.log(`\nevaluation (${report.evaluation.mode}, ${report.evaluation.trainings} trainings, ${report.evaluation.seconds.toFixed(1)} s): test ${d.testDays[0]}..${d.testDays[d.testDays.length - 1]}, ${d.testOccasions.toLocaleString('en')} occasions, ${d.testRows.toLocaleString('en')} rows`);
  const f = (x: number | null) => (x === null ? '  n/a' : x.toFixed(3));
  console.log(`${'scorer'.padEnd(24)}   AUC  logloss   MRR  hit@3 | new: AUC   MRR | existing: AUC   MRR`);
  for (const s of report.scorers) {
    const hit3 = s.pooled.ranking.topN.find((t) => t.n === 3)?.hitRate ?? null;
    const { new: fresh, existing } = s.byCustomerType;
    console.log(
      `${s.name.padEnd(24)} ${f(s.pooled.auc)}  ${f(s.pooled.logloss)}  ${f(s.pooled.ranking.mrr)}  ${f(hit3)} |    ${f(fresh.auc)} ${f(fresh.ranking.mrr)} |         ${f(existing.auc)} ${f(existing.ranking.mrr)}`,
    );
  }
  for (const note of report.notes) console.log(`note: ${note}`);
}

export function registerTraining(program: Command): void {
  addTrainingOptions(program.command('evaluate').description('time-sliced offline evaluation: models, ablation, baselines and oracle on the last test days')).action(async (flags: TrainingFlags) => {
    const prepared = await prepare(flags);
    const evaluation = await runEvaluation(flags, prepared);
    await writeOutputs(flags, prepared.samples, evaluation);
  });

  addTrainingOptions(program.command('train').description('evaluate, then train the serving model on all the samples and register it'))
    .option('--no-evaluate', 'skip the time-sliced evaluation (no report, no metrics in the registry)')
    .option('--promote', 'make the new model the champion that serving follows')
    .action(async (flags: TrainFlags) => {
      await runTrain(flags);
    });
}

export type TrainFlags = TrainingFlags & { evaluate: boolean; promote?: boolean };

/** Evaluates (unless told not to), trains the serving model, registers it and writes the outputs. */
export async function runTrain(flags: TrainFlags): Promise<Evaluation | null> {
  const prepared = await prepare(flags);
  const evaluation = flags.evaluate ? await runEvaluation(flags, prepared) : null;
  console.log('\ntraining the serving model on every day of the samples');
  const contents = await trainForServing(prepared.samples, {
    architecture: flags.arch,
    seed: flags.seed,
    fit: { maxEpochs: flags.epochs, batchSize: flags.batchSize, learningRate: flags.learningRate, patience: flags.patience, negativeRate: flags.negativeRate, workers: flags.workers },
    validationDays: flags.validationDays,
    trainDays: flags.trainDays,
    backend: prepared.backend,
    samplesFile: flags.samples,
  });
  const root = modelsRoot(flags.models);
  if (evaluation) evaluation.report.model.version = contents.card.version;
  const c = contents.card;
  const directory = join(root, c.version);
  // The version names the weights: the same data, seed and backend give the same model, registered once.
  const registered = existsSync(directory);
  if (!registered) await writeModelDirectory(directory, { ...contents, metrics: evaluation?.report });
  contents.scoring.dispose();
  if (registered) console.log(`model ${c.version} is already registered (same weights); the registry keeps the first copy`);
  console.log(`model ${c.version}: ${c.fit.epochs} epochs (best ${c.fit.bestEpoch}, valid loss ${c.fit.bestValidLoss.toFixed(4)}), ${Math.round(c.fit.rowsPerSecond).toLocaleString('en')} rows/s, trained ${c.data.firstTrainDay}..${c.data.lastTrainDay} -> ${join(root, c.version)}`);
  if (evaluation) await writeOutputs(flags, prepared.samples, evaluation);
  if (flags.promote) {
    const pointer = await promote(root, c.version);
    console.log(`champion: ${pointer.version}${pointer.previous ? ` (was ${pointer.previous})` : ''}`);
  }
  return evaluation;
}
