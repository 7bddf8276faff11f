/**
 * The customer-level models that campaigns and profiles use, trained by one trainer: the demand
 * model (will the customer buy within H days: a classifier on the demand table) and the value model
 * (log(1 + yuan) bought within H days: the bounded value network on the value table). Both train on
 * every as-of day of their table but the last, which stops them early, and are packed as a model
 * directory with their task in the card. Every label of the table is complete (features/ refuses
 * horizons past the data), so the last day may validate.
 */
import type { Architecture } from '../../src/model-directory/architecture.js';
import type { ModelCard } from '../../src/model-directory/model-card.js';
import { knownAnswerRows, makeKnownAnswer, type ModelContents } from '../../src/model-directory/model-directory.js';
import { UsageError } from '../../src/errors.js';
import type { BackendChoice } from '../../src/tf-backend/select-backend.js';
import type { DemandTarget } from '../demand/demand-target.js';
import type { FitLoopOptions } from '../fit-model.js';
import { daysOf, type Samples } from '../samples.js';
import type { RegressionLoss } from '../task/index.js';
import { trainOnRows, type Trained } from '../train-on-rows.js';
import type { NumberEncodingChoice } from '../choose-number-encoding.js';
import { trainValueNetwork, type ValueTarget } from '../value/value-data.js';
import { customerDayCard } from './customer-day-card.js';
import { customerColumns, customerFeatures, MODEL_FAMILIES, rowsOnDays } from './customer-day-data.js';

/** Which model, and what sets it apart: the demand model's architecture and target, the value model's loss and horizon. */
export type CustomerDayModel =
  | {
      task: 'demand';
      architecture: Architecture;
      target: DemandTarget;
      /** false: leave out the horizon family (to measure what it adds); default true. */
      horizonFeatures?: boolean;
    }
  | { task: 'value'; loss: RegressionLoss; target: ValueTarget };

export interface CustomerDayTrainingOptions {
  model: CustomerDayModel;
  seed: number;
  fit: Omit<FitLoopOptions, 'seed'>;
  backend: BackendChoice;
  samplesFile: string;
  /** How numbers are encoded (default `ple`, the value model `standard`; `auto`: chosen on the validation day). */
  numberEncoding?: NumberEncodingChoice;
}

/** The value network is an MLP trunk with two heads: its card names the trunk. */
const VALUE_ARCHITECTURE: Architecture = 'mlp';

export async function trainCustomerDayModel(samples: Samples, options: CustomerDayTrainingOptions): Promise<ModelContents> {
  const { model } = options;
  const days = daysOf(samples);
  if (days.length < 2)
    throw new UsageError(`${options.samplesFile}: a ${model.task} model needs at least 2 as-of days (one to train, one to stop early), found ${days.length}`);
  const trainDays = days.slice(0, -1);
  const validDay = days[days.length - 1];
  const families = model.task === 'demand' && model.horizonFeatures !== false ? MODEL_FAMILIES.demand : MODEL_FAMILIES.value;
  const columns = customerColumns(samples, families);
  const trainRows = rowsOnDays(samples, trainDays);
  const validRows = rowsOnDays(samples, [validDay]);
  const fit = { ...options.fit, seed: options.seed };
  const trained: Trained =
    model.task === 'demand'
      ? await trainOnRows(columns, trainRows, validRows, { architecture: model.architecture, fit, numberEncoding: options.numberEncoding })
      : await trainValueNetwork(samples, columns, trainRows, validRows, {
          kind: 'value',
          loss: model.loss,
          architecture: VALUE_ARCHITECTURE,
          fit,
          numberEncoding: options.numberEncoding,
        });
  const features = customerFeatures(samples.features, families);
  const described: { versionTag: string; output: ModelCard['output']; target: NonNullable<ModelCard['target']>; architecture: Architecture } =
    model.task === 'demand'
      ? { versionTag: `demand${model.target.horizonDays}d-${model.architecture}`, output: 'logit', target: model.target, architecture: model.architecture }
      : {
          versionTag: `value${model.target.horizonDays}d-${model.loss}`,
          output: 'value_log_scaled',
          target: { horizonDays: model.target.horizonDays, category: null, loss: model.loss },
          architecture: VALUE_ARCHITECTURE,
        };
  const card = customerDayCard({
    samples,
    samplesFile: options.samplesFile,
    trained,
    features,
    trainDays,
    validDay,
    trainRows: trainRows.length,
    validRows: validRows.length,
    seed: options.seed,
    fit: options.fit,
    backend: options.backend,
    task: model.task,
    ...described,
  });
  return { scoring: trained.scoring, card, features, knownAnswer: makeKnownAnswer(trained.scoring, columns, knownAnswerRows(validRows)) };
}
