/**
 * The card of a model trained on a customer-day table (demand or value): every as-of day but the
 * last trains it, the last stops it early, and the labels of that day reach H - 1 days past it.
 */
import { basename } from 'node:path';
import { formatDay } from '../src/domain/dates.js';
import { DEFAULT_ARCHITECTURE_OPTIONS, type Architecture } from '../src/model-directory/architecture.js';
import type { BackendChoice } from '../src/tf-backend/select-backend.js';
import type { FeatureSpec } from '../src/wide-table/feature-set.js';
import { featureSchemaHash } from '../src/wide-table/feature-schema-hash.js';
import type { FitOptions } from './fit-model.js';
import type { ModelCard } from '../src/model-directory/model-card.js';
import { fitCard } from './fit-card.js';
import type { Samples } from './samples.js';
import type { Trained } from './train-on-rows.js';
import { weightsFingerprint } from './train-for-serving.js';

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
  fit: Omit<FitOptions, 'seed'>;
  backend: BackendChoice;
  /** In the version name between the day and the fingerprint, e.g. `demand7d-mlp`. */
  versionTag: string;
  task: 'demand' | 'value';
  output: ModelCard['output'];
  target: NonNullable<ModelCard['target']>;
}

export function customerDayCard(o: CustomerDayCardInput): ModelCard {
  const fingerprint = weightsFingerprint(o.trained.scoring.network.getWeights().map((w) => w.dataSync() as Float32Array));
  return {
    formatVersion: 1,
    version: `${formatDay(o.validDay).replaceAll('-', '')}-${o.versionTag}-${fingerprint}`,
    architecture: o.architecture,
    architectureOptions: DEFAULT_ARCHITECTURE_OPTIONS,
    seed: o.seed,
    createdAt: new Date().toISOString(),
    backend: { name: o.backend.name, details: o.backend.details },
    fit: fitCard(o.fit, o.trained.fit),
    data: {
      samplesFile: basename(o.samplesFile),
      sourceHash: o.samples.meta.sourceHash,
      firstTrainDay: formatDay(o.trainDays[0]),
      // The labels of the validation day reach H - 1 days past it: that is the last day the model learnt from.
      lastTrainDay: formatDay(o.validDay + o.target.horizonDays - 1),
      validationDays: [formatDay(o.validDay), formatDay(o.validDay)],
      trainRows: o.trainRows,
      validRows: o.validRows,
    },
    featureSchemaHash: featureSchemaHash(o.features),
    output: o.output,
    task: o.task,
    target: o.target,
  };
}
