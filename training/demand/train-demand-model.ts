/**
 * The demand model that campaigns use: trained on every as-of day of the demand table but the last,
 * which stops it early, and packed for the model directory like the recommender (task "demand").
 * Every label of the table is complete (features/ refuses horizons past the data), so the last day
 * may validate.
 */
import { basename } from 'node:path';
import { formatDay } from '../../src/domain/dates.js';
import { UsageError } from '../../src/errors.js';
import { DEFAULT_ARCHITECTURE_OPTIONS, type Architecture } from '../architectures.js';
import type { BackendChoice } from '../backend.js';
import { featureSchemaHash } from '../feature-schema-hash.js';
import type { FitOptions } from '../fit-model.js';
import { fitCard, type ModelCard } from '../model-card.js';
import { knownAnswerRows, makeKnownAnswer, type ModelContents } from '../model-directory.js';
import { daysOf, type Samples } from '../samples.js';
import { trainOnRows } from '../train-on-rows.js';
import { weightsFingerprint } from '../train-for-serving.js';
import { demandColumns, demandFeatures, rowsOnDays, type DemandTarget } from './demand-data.js';

export interface DemandTrainingOptions {
  architecture: Architecture;
  seed: number;
  fit: Omit<FitOptions, 'seed'>;
  backend: BackendChoice;
  samplesFile: string;
  target: DemandTarget;
}


export async function trainDemandModel(samples: Samples, o: DemandTrainingOptions): Promise<ModelContents> {
  const days = daysOf(samples);
  if (days.length < 2) throw new UsageError(`${o.samplesFile}: a demand model needs at least 2 as-of days (one to train, one to stop early), found ${days.length}`);
  const trainDays = days.slice(0, -1);
  const validDay = days[days.length - 1];
  const columns = demandColumns(samples);
  const trainRows = rowsOnDays(samples, trainDays);
  const validRows = rowsOnDays(samples, [validDay]);
  const trained = await trainOnRows(columns, trainRows, validRows, { architecture: o.architecture, fit: { ...o.fit, seed: o.seed } });
  const features = demandFeatures(samples.features);
  const fingerprint = weightsFingerprint(trained.scoring.network.getWeights().map((w) => w.dataSync() as Float32Array));
  const card: ModelCard = {
    formatVersion: 1,
    version: `${formatDay(validDay).replaceAll('-', '')}-demand${o.target.horizonDays}d-${o.architecture}-${fingerprint}`,
    architecture: o.architecture,
    architectureOptions: DEFAULT_ARCHITECTURE_OPTIONS,
    seed: o.seed,
    createdAt: new Date().toISOString(),
    backend: { name: o.backend.name, details: o.backend.details },
    fit: fitCard(o.fit, trained.fit),
    data: {
      samplesFile: basename(o.samplesFile),
      sourceHash: samples.meta.sourceHash,
      firstTrainDay: formatDay(trainDays[0]),
      // The labels of the validation day reach H - 1 days past it: that is the last day the model learnt from.
      lastTrainDay: formatDay(validDay + o.target.horizonDays - 1),
      validationDays: [formatDay(validDay), formatDay(validDay)],
      trainRows: trainRows.length,
      validRows: validRows.length,
    },
    featureSchemaHash: featureSchemaHash(features),
    output: 'logit',
    task: 'demand',
    target: o.target,
  };
  return { scoring: trained.scoring, card, features, knownAnswer: makeKnownAnswer(trained.scoring, columns, knownAnswerRows(validRows)) };
}
