/**
 * The model that serves: trained on every occasion of the samples but the last validation days,
 * which stop it early, and packed with its card and known answer for the model directory.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { formatDay } from '../src/domain/dates.js';
import { DEFAULT_ARCHITECTURE_OPTIONS, type Architecture, type ArchitectureOptions } from '../src/model-directory/architecture.js';
import type { BackendChoice } from '../src/tf-backend/select-backend.js';
import { featureSchemaHash } from '../src/wide-table/feature-schema-hash.js';
import type { FitLoopOptions } from './fit-model.js';
import type { ModelCard } from '../src/model-directory/model-card.js';
import { fitCard } from './fit-card.js';
import { knownAnswerRows, makeKnownAnswer, type ModelContents } from '../src/model-directory/model-directory.js';
import { daysOf, rowsBetween, type Samples } from './samples.js';
import { planSlices } from './time-slices.js';
import { trainOnRows } from './train-on-rows.js';
import type { NumberEncodingChoice } from './choose-number-encoding.js';

export interface ServingTrainingOptions {
  architecture: Architecture;
  architectureOptions?: ArchitectureOptions;
  seed: number;
  fit: Omit<FitLoopOptions, 'seed'>;
  validationDays: number;
  trainDays?: number;
  /** How numbers are encoded (default `ple`; `auto`: chosen on the validation days). */
  numberEncoding?: NumberEncodingChoice;
  backend: BackendChoice;
  samplesFile: string;
}

export async function trainForServing(samples: Samples, options: ServingTrainingOptions): Promise<ModelContents> {
  const days = daysOf(samples);
  const last = days[days.length - 1];
  // The plan of a test day just after the data: validation = the last days, training before them.
  const [slice] = planSlices([...days, last + 1], { mode: 'once', testDays: 1, validationDays: options.validationDays, trainDays: options.trainDays });
  const trainRows = rowsBetween(samples, slice.trainFrom, slice.trainTo);
  const validRows = rowsBetween(samples, slice.validFrom, slice.validTo);
  const trained = await trainOnRows(samples, trainRows, validRows, {
    architecture: options.architecture,
    architectureOptions: options.architectureOptions,
    numberEncoding: options.numberEncoding,
    fit: { ...options.fit, seed: options.seed },
  });
  const architectureOptions = options.architectureOptions ?? DEFAULT_ARCHITECTURE_OPTIONS;
  const card: ModelCard = {
    formatVersion: 1,
    version: `${formatDay(last).replaceAll('-', '')}-${options.architecture}-${weightsFingerprint(trained.scoring.network.getWeights().map((w) => w.dataSync() as Float32Array))}`,
    architecture: options.architecture,
    architectureOptions,
    seed: options.seed,
    createdAt: new Date().toISOString(),
    backend: { name: options.backend.name, details: options.backend.details },
    fit: fitCard(options.fit, trained),
    data: {
      samplesFile: basename(options.samplesFile),
      sourceHash: samples.meta.sourceHash,
      firstTrainDay: formatDay(slice.trainFrom),
      lastTrainDay: formatDay(slice.validTo),
      validationDays: [formatDay(slice.validFrom), formatDay(slice.validTo)],
      trainRows: trainRows.length,
      validRows: validRows.length,
    },
    featureSchemaHash: featureSchemaHash(samples.features),
    output: 'logit',
    task: 'choice',
  };
  return { scoring: trained.scoring, card, features: samples.features, knownAnswer: makeKnownAnswer(trained.scoring, samples, knownAnswerRows(validRows)) };
}

/** First 8 hex digits of the weights' sha256: the same training gives the same version name. */
export function weightsFingerprint(weights: Float32Array[]): string {
  const hash = createHash('sha256');
  for (const w of weights) hash.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
  return hash.digest('hex').slice(0, 8);
}
