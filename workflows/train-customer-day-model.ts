/**
 * Train and register the customer-level models, in one shape: the demand model (will the customer
 * buy within H days?) and the value model (how many yuan in the next H days?). Each is evaluated on
 * time slices with its report, trained on every as-of day of its table by the one customer-day
 * trainer, registered in its folder of the registry and optionally promoted. What
 * `wealthrec demand train` and `wealthrec value train` run.
 */
import { resolve } from 'node:path';
import type { Architecture } from '../src/model-directory/architecture.js';
import { demandModelsRoot, valueModelsRoot } from '../src/model-directory/registry.js';
import { selectBackend, type BackendChoice, type BackendName } from '../src/tf-backend/select-backend.js';
import { trainCustomerDayModel, type CustomerDayModel } from '../training/customer-day/train-customer-day-model.js';
import { writeDemandReport } from '../training/demand/demand-report.js';
import { demandTargetOf } from '../training/demand/demand-target.js';
import { evaluateDemand, type DemandEvaluation } from '../training/demand/evaluate-demand.js';
import { DEFAULT_FIT_OPTIONS, type FitLoopOptions, type FitResult } from '../training/fit-model.js';
import { loadSamples, type Samples } from '../training/samples.js';
import type { NumberEncodingChoice } from '../training/choose-number-encoding.js';
import type { RegressionLoss } from '../training/task/index.js';
import { evaluateValue, type ValueEvaluation } from '../training/value/evaluate-value.js';
import { valueTargetOf } from '../training/value/value-data.js';
import { writeValueReport } from '../training/value/value-report.js';
import { registerTrainedModel } from './register-model.js';

/** The flags both commands share. */
export interface CustomerDayTrainFlags {
  samples: string;
  testDays: number;
  seed: number;
  epochs: number;
  batchSize: number;
  patience: number;
  backend: BackendName | 'auto';
  /** Default `ple` (the value model: `standard`); `auto` trains each bounded encoding and keeps the better on validation. */
  numberEncoding?: NumberEncodingChoice;
  evaluate: boolean;
  report?: string;
  models?: string;
  promote?: boolean;
}

export type DemandTrainFlags = CustomerDayTrainFlags & { arch: Architecture; horizonFeatures?: boolean };
export type ValueTrainFlags = CustomerDayTrainFlags & { loss: RegressionLoss };

/** What differs between the two: the table, the model, its evaluation and its report. */
interface CustomerDayRun<M extends CustomerDayModel, E> {
  kind: 'demand' | 'value';
  registry: (flag?: string) => string;
  describe: (samples: Samples) => { model: M; summary: string };
  evaluate: (samples: Samples, model: M, common: EvaluationCommon) => Promise<E>;
  print: (evaluation: E) => void;
  writeReport: (dir: string, evaluation: E) => Promise<{ markdown: string }>;
}

interface EvaluationCommon {
  testDays: number;
  seed: number;
  fit: Omit<FitLoopOptions, 'seed' | 'onEpoch' | 'onBatch'>;
  backend: BackendChoice;
  numberEncoding?: NumberEncodingChoice;
  onTrained: (t: { testDay: string; label: string; fit: FitResult }) => void;
}

async function runCustomerDayTrain<M extends CustomerDayModel, E>(
  run: CustomerDayRun<M, E>,
  flags: CustomerDayTrainFlags,
): Promise<{ version: string; evaluation: E | null }> {
  const backend = await selectBackend(flags.backend);
  console.log(`backend: ${backend.name}${backend.details.length ? ` (${backend.details.join('; ')})` : ''}`);
  const samples = await loadSamples(flags.samples, run.kind);
  const { model, summary } = run.describe(samples);
  console.log(`${run.kind} samples: ${samples.length.toLocaleString('en')} customer-days, ${summary}, ${flags.samples}`);
  const fit = { ...DEFAULT_FIT_OPTIONS, maxEpochs: flags.epochs, batchSize: flags.batchSize, patience: flags.patience };
  let evaluation: E | null = null;
  if (flags.evaluate) {
    evaluation = await run.evaluate(samples, model, {
      testDays: flags.testDays,
      seed: flags.seed,
      fit,
      backend,
      numberEncoding: flags.numberEncoding,
      onTrained: (t) =>
        console.log(
          `trained ${t.label} for ${t.testDay}: ${t.fit.history.length} epochs (best ${t.fit.bestEpoch}, valid loss ${t.fit.bestValidLoss.toFixed(4)})`,
        ),
    });
    run.print(evaluation);
    if (flags.report) {
      const written = await run.writeReport(resolve(flags.report), evaluation);
      console.log(`${run.kind} report: ${written.markdown}`);
    }
  }
  const contents = await trainCustomerDayModel(samples, {
    model,
    seed: flags.seed,
    fit,
    backend,
    samplesFile: flags.samples,
    numberEncoding: flags.numberEncoding,
  });
  const version = await registerTrainedModel(run.registry(flags.models), contents, { what: run.kind, metrics: evaluation, promote: flags.promote });
  return { version, evaluation };
}

export function runDemandTrain(flags: DemandTrainFlags): Promise<{ version: string; evaluation: DemandEvaluation | null }> {
  return runCustomerDayTrain(
    {
      kind: 'demand',
      registry: demandModelsRoot,
      describe: (samples) => {
        const target = demandTargetOf(samples, flags.samples);
        return {
          model: { task: 'demand' as const, architecture: flags.arch, target, horizonFeatures: flags.horizonFeatures },
          summary: `horizon ${target.horizonDays} days, ${target.category ?? 'any product'}${flags.horizonFeatures === false ? ', without the horizon features' : ''}`,
        };
      },
      evaluate: (samples, model, common) =>
        evaluateDemand(samples, { ...common, target: model.target, architecture: model.architecture, horizonFeatures: model.horizonFeatures }),
      print: printDemandEvaluation,
      writeReport: writeDemandReport,
    },
    flags,
  );
}

export function runValueTrain(flags: ValueTrainFlags): Promise<{ version: string; evaluation: ValueEvaluation | null }> {
  return runCustomerDayTrain(
    {
      kind: 'value',
      registry: valueModelsRoot,
      describe: (samples) => {
        const target = valueTargetOf(samples, flags.samples);
        return { model: { task: 'value' as const, loss: flags.loss, target }, summary: `horizon ${target.horizonDays} days` };
      },
      evaluate: (samples, model, common) => evaluateValue(samples, { ...common, target: model.target, loss: model.loss, architecture: 'mlp' }),
      print: printValueEvaluation,
      writeReport: writeValueReport,
    },
    flags,
  );
}

export function printDemandEvaluation(e: DemandEvaluation): void {
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '  n/a' : x.toFixed(3));
  console.log(
    `\ndemand evaluation (${e.days.length} test days ${e.days[0]?.day}..${e.days[e.days.length - 1]?.day}, ${e.pooled.rows.toLocaleString('en')} customer-days, ${((100 * e.pooled.positives) / Math.max(1, e.pooled.rows)).toFixed(1)}% bought within ${e.target.horizonDays} days)`,
  );
  console.log(`${'scorer'.padEnd(28)}   AUC  logloss  precision recall    F1  80% within`);
  for (const [name, s] of Object.entries(e.pooled.scorers)) {
    const t = s.atThreshold;
    console.log(
      `${name.padEnd(28)} ${f(s.auc)}  ${f(s.logloss)}     ${f(t?.precision)}  ${f(t?.recall)}  ${f(t?.f1)}  ${s.shareFor80 === null ? 'n/a' : `${(100 * s.shareFor80).toFixed(1)}%`}`,
    );
  }
}

export function printValueEvaluation(e: ValueEvaluation): void {
  console.log(
    `\nvalue evaluation (${e.days.length} test days ${e.days[0]?.day}..${e.days[e.days.length - 1]?.day}, ${e.pooled.rows.toLocaleString('en')} customer-days, ${((100 * e.pooled.buyers) / Math.max(1, e.pooled.rows)).toFixed(1)}% bought within ${e.target.horizonDays} days; log(1 + yuan))`,
  );
  console.log(`${'forecast'.padEnd(32)}   MAE     R²`);
  for (const [name, s] of Object.entries(e.pooled.scorers)) console.log(`${name.padEnd(32)} ${s.mae.toFixed(3)}  ${s.r2.toFixed(3)}`);
}
