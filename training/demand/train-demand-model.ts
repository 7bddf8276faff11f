/**
 * The demand model that campaigns use: trained on every as-of day of the demand table but the last,
 * which stops it early, and packed for the model directory like the recommender (task "demand").
 * Every label of the table is complete (features/ refuses horizons past the data), so the last day
 * may validate.
 */
import { customerDayCard } from '../customer-day-card.js';
import { UsageError } from '../../src/errors.js';
import type { Architecture } from '../../src/model-directory/architecture.js';
import type { BackendChoice } from '../../src/tf-backend/select-backend.js';
import type { FitOptions } from '../fit-model.js';
import { knownAnswerRows, makeKnownAnswer, type ModelContents } from '../../src/model-directory/model-directory.js';
import { daysOf, type Samples } from '../samples.js';
import { trainOnRows } from '../train-on-rows.js';
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
  const card = customerDayCard({
    samples, samplesFile: o.samplesFile, trained, features, trainDays, validDay, trainRows: trainRows.length, validRows: validRows.length,
    architecture: o.architecture, seed: o.seed, fit: o.fit, backend: o.backend,
    versionTag: `demand${o.target.horizonDays}d-${o.architecture}`, task: 'demand', output: 'logit', target: o.target,
  });
  return { scoring: trained.scoring, card, features, knownAnswer: makeKnownAnswer(trained.scoring, columns, knownAnswerRows(validRows)) };
}
