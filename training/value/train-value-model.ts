/**
 * The value model that profiles use: trained on every as-of day of the value table but the last,
 * which stops it early, and packed as a model directory (task "value", output log(1 + yuan)).
 */
import { customerDayCard } from '../customer-day-card.js';
import { UsageError } from '../../src/errors.js';
import type { Architecture } from '../../src/model-directory/architecture.js';
import type { BackendChoice } from '../../src/tf-backend/select-backend.js';
import { demandColumns, demandFeatures, rowsOnDays } from '../demand/demand-data.js';
import type { FitOptions } from '../fit-model.js';
import { knownAnswerRows, makeKnownAnswer, type ModelContents } from '../../src/model-directory/model-directory.js';
import { daysOf, type Samples } from '../samples.js';
import type { RegressionLoss } from './fit-regression.js';
import { trainValueNetwork, type ValueTarget } from './value-data.js';

export interface ValueTrainingOptions {
  architecture: Architecture;
  seed: number;
  fit: Omit<FitOptions, 'seed'>;
  backend: BackendChoice;
  samplesFile: string;
  target: ValueTarget;
  /** `absolute` (the default: it beats the naive forecast on MAE and R², BENCHMARKS.md) or `squared`. */
  loss: RegressionLoss;
}

export async function trainValueModel(samples: Samples, o: ValueTrainingOptions): Promise<ModelContents> {
  const days = daysOf(samples);
  if (days.length < 2) throw new UsageError(`${o.samplesFile}: a value model needs at least 2 as-of days (one to train, one to stop early), found ${days.length}`);
  const trainDays = days.slice(0, -1);
  const validDay = days[days.length - 1];
  // The customer features only, as the demand model reads them.
  const columns = demandColumns(samples);
  const trainRows = rowsOnDays(samples, trainDays);
  const validRows = rowsOnDays(samples, [validDay]);
  const trained = await trainValueNetwork(samples, columns, trainRows, validRows, { kind: 'value', loss: o.loss, architecture: o.architecture, fit: { ...o.fit, seed: o.seed } });
  const features = demandFeatures(samples.features);
  const card = customerDayCard({
    samples, samplesFile: o.samplesFile, trained, features, trainDays, validDay, trainRows: trainRows.length, validRows: validRows.length,
    architecture: o.architecture, seed: o.seed, fit: o.fit, backend: o.backend,
    versionTag: `value${o.target.horizonDays}d-${o.loss}`, task: 'value', output: 'value_log_scaled', target: { horizonDays: o.target.horizonDays, category: null, loss: o.loss },
  });
  return { scoring: trained.scoring, card, features, knownAnswer: makeKnownAnswer(trained.scoring, columns, knownAnswerRows(validRows)) };
}
