/**
 * Train and register the recommender: the time-sliced evaluation with its report, then the model
 * that serves, trained on every day of the samples, registered with its metrics and optionally
 * promoted. What `wealthrec evaluate` and `wealthrec train` run, and step 4 of the demo.
 */
import type { NumberEncodingChoice } from '../training/choose-number-encoding.js';
import { resolve } from 'node:path';
import type { Architecture } from '../src/model-directory/architecture.js';
import { loadChampion, modelsRoot } from '../src/model-directory/registry.js';
import { log } from '../src/log.js';
import { progressBar } from '../src/progress-bar.js';
import { selectBackend, type BackendChoice, type BackendName } from '../src/tf-backend/select-backend.js';
import { evaluate, type Evaluation } from '../training/evaluate.js';
import type { FitLoopOptions } from '../training/fit-model.js';
import { readOracleChoice } from '../training/oracle-scores.js';
import { writeReport } from '../training/report/write-report.js';
import { loadSamples, type Samples } from '../training/samples.js';
import type { EvaluationMode } from '../training/time-slices.js';
import { trainForServing } from '../training/train-for-serving.js';
import { writePredictions } from '../training/write-predictions.js';
import { promoteModel, registerTrainedModel } from './register-model.js';

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
  listwiseWeight: number;
  workers: number;
  /** Default `ple`; `auto` trains each bounded encoding and keeps the better on validation. */
  numberEncoding?: NumberEncodingChoice;
  backend: BackendName | 'auto';
  oracle?: string;
  models?: string;
  report?: string;
  predictions?: string;
}

/** The training loop's options from the flags, the same for the evaluation's models and the serving model. */
function fitOptionsOf(flags: TrainingFlags): Omit<FitLoopOptions, 'seed'> {
  return {
    maxEpochs: flags.epochs,
    batchSize: flags.batchSize,
    learningRate: flags.learningRate,
    patience: flags.patience,
    negativeRate: flags.negativeRate,
    listwiseWeight: flags.listwiseWeight,
    workers: flags.workers,
  };
}

/** The time-sliced evaluation alone, with its report and predictions: `wealthrec evaluate`. */
export async function runEvaluate(flags: TrainingFlags): Promise<Evaluation> {
  const prepared = await prepare(flags);
  const evaluation = await runEvaluation(flags, prepared);
  await writeOutputs(flags, prepared.samples, evaluation);
  return evaluation;
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
      numberEncoding: flags.numberEncoding,
      seed: flags.seed,
      fit: fitOptionsOf(flags),
      backend,
      samplesFile: flags.samples,
      oracle,
      champion,
      onTrained: (t) => {
        bar.stop();
        const f = t.fit;
        const seconds = f.history.reduce((sum, h) => sum + h.seconds, 0);
        console.log(
          `trained ${t.training}/${t.trainings} ${t.label}: ${f.history.length} epochs (best ${f.bestEpoch}, valid loss ${f.bestValidLoss.toFixed(4)}), ${seconds.toFixed(1)} s, ${Math.round(f.rowsPerSecond).toLocaleString('en')} rows/s`,
        );
      },
      onProgress: (p) =>
        bar.update(
          p.rowsDone,
          p.rowsTotal,
          `${p.training}/${p.trainings} ${p.label}${p.epoch ? ` | epoch ${p.epoch.epoch} loss ${p.epoch.trainLoss.toFixed(4)} valid ${p.epoch.validLoss.toFixed(4)}` : ''}`,
        ),
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
  console.log(
    `\nevaluation (${report.evaluation.mode}, ${report.evaluation.trainings} trainings, ${report.evaluation.seconds.toFixed(1)} s): test ${d.testDays[0]}..${d.testDays[d.testDays.length - 1]}, ${d.testOccasions.toLocaleString('en')} occasions, ${d.testRows.toLocaleString('en')} rows`,
  );
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

export type TrainFlags = TrainingFlags & { evaluate: boolean; promote?: boolean };

/** Evaluates (unless told not to), trains the serving model, registers it and writes the outputs. */
export async function runTrain(flags: TrainFlags): Promise<Evaluation | null> {
  const prepared = await prepare(flags);
  const evaluation = flags.evaluate ? await runEvaluation(flags, prepared) : null;
  console.log('\ntraining the serving model on every day of the samples');
  const contents = await trainForServing(prepared.samples, {
    architecture: flags.arch,
    seed: flags.seed,
    fit: fitOptionsOf(flags),
    validationDays: flags.validationDays,
    trainDays: flags.trainDays,
    numberEncoding: flags.numberEncoding,
    backend: prepared.backend,
    samplesFile: flags.samples,
  });
  const root = modelsRoot(flags.models);
  if (evaluation) evaluation.report.model.version = contents.card.version;
  const version = await registerTrainedModel(root, contents, { what: 'recommender', metrics: evaluation?.report });
  if (evaluation) await writeOutputs(flags, prepared.samples, evaluation);
  if (flags.promote) await promoteModel(root, version, 'recommender');
  return evaluation;
}
