/**
 * Train and register the customer-level models: the demand model (will the customer buy within H
 * days?) and the value model (how many yuan in the next H days?). Each is evaluated on time slices
 * with its report, trained on every as-of day of its table, registered in its folder of the
 * registry and optionally promoted. What `wealthrec demand train` and `wealthrec value train` run.
 */
import { resolve } from 'node:path';
import type { Architecture } from '../src/model-directory/architecture.js';
import { demandModelsRoot, valueModelsRoot } from '../src/model-directory/registry.js';
import { selectBackend, type BackendName } from '../src/tf-backend/select-backend.js';
import { demandTargetOf } from '../training/demand/demand-data.js';
import { writeDemandReport } from '../training/demand/demand-report.js';
import { evaluateDemand, type DemandEvaluation } from '../training/demand/evaluate-demand.js';
import { trainDemandModel } from '../training/demand/train-demand-model.js';
import { DEFAULT_FIT_OPTIONS } from '../training/fit-model.js';
import { loadSamples } from '../training/samples.js';
import { evaluateValue, type ValueEvaluation } from '../training/value/evaluate-value.js';
import type { RegressionLoss } from '../training/value/fit-regression.js';
import { trainValueModel } from '../training/value/train-value-model.js';
import { valueTargetOf } from '../training/value/value-data.js';
import { writeValueReport } from '../training/value/value-report.js';
import { registerTrainedModel } from './register-model.js';

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

