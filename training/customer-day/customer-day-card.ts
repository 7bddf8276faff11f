/**
 * The card of a model trained on a customer-day table (demand or value): every as-of day but the
 * last trains it, the last stops it early, and the labels of that day reach H - 1 days past it.
 */
import { basename } from 'node:path';
import { formatDay } from '../../src/domain/dates.js';
import { DEFAULT_ARCHITECTURE_OPTIONS, type Architecture } from '../../src/model-directory/architecture.js';
import type { BackendChoice } from '../../src/tf-backend/select-backend.js';
import type { FeatureSpec } from '../../src/wide-table/feature-set.js';
import { featureSchemaHash } from '../../src/wide-table/feature-schema-hash.js';
import type { FitLoopOptions } from '../fit-model.js';
import type { ModelCard } from '../../src/model-directory/model-card.js';
import { fitCard } from '../fit-card.js';
import type { Samples } from '../samples.js';
import type { Trained } from '../train-on-rows.js';
import { weightsFingerprint } from '../train-for-serving.js';

export interface CustomerDayCardInput {
  samples: Samples;
  samplesFile: string;
  trained: Trained;
  features: FeatureSpec[];
  trainDays: number[];
  validDay: number;
  trainRows: number;
  validRows: number;
  architecture: Architecture;
  seed: number;
  fit: Omit<FitLoopOptions, 'seed'>;
  backend: BackendChoice;
  /** In the version name between the day and the fingerprint, e.g. `demand7d-mlp`. */
  versionTag: string;
  task: 'demand' | 'value';
  output: ModelCard['output'];
  target: NonNullable<ModelCard['target']>;
}

export function customerDayCard(options: CustomerDayCardInput): ModelCard {
  const fingerprint = weightsFingerprint(options.trained.scoring.network.getWeights().map((w) => w.dataSync() as Float32Array));
  return {
    formatVersion: 1,
    version: `${formatDay(options.validDay).replaceAll('-', '')}-${options.versionTag}-${fingerprint}`,
    architecture: options.architecture,
    architectureOptions: DEFAULT_ARCHITECTURE_OPTIONS,
    seed: options.seed,
    createdAt: new Date().toISOString(),
    backend: { name: options.backend.name, details: options.backend.details },
    fit: fitCard(options.fit, options.trained),
    data: {
      samplesFile: basename(options.samplesFile),
      sourceHash: options.samples.meta.sourceHash,
      firstTrainDay: formatDay(options.trainDays[0]),
      // The labels of the validation day reach H - 1 days past it: that is the last day the model learnt from.
      lastTrainDay: formatDay(options.validDay + options.target.horizonDays - 1),
      validationDays: [formatDay(options.validDay), formatDay(options.validDay)],
      trainRows: options.trainRows,
      validRows: options.validRows,
    },
    featureSchemaHash: featureSchemaHash(options.features),
    output: options.output,
    task: options.task,
    target: options.target,
  };
}
