/**
 * The value model's view of a value wide table (kind `value`: one row per customer and as-of day,
 * labelled with the yuan bought in [d, d + H)): the customer features, the target log(1 + yuan),
 * and the naive forecast "the same as the last period", read from the purchase-amount feature of
 * the H days before d. The time slices are the demand table's: a test day t trains only on as-of
 * days whose horizon had closed by t.
 */
import { logValue } from '../../src/domain/value-stage.js';
import { UsageError } from '../../src/errors.js';
import { buildModel } from '../architectures.js';
import { DEFAULT_ARCHITECTURE_OPTIONS } from '../../src/model-directory/architecture.js';
import type { Trained, TrainingSpec } from '../train-on-rows.js';
import { applyPreprocessing, type FeatureColumns } from '../../src/model-directory/preprocessing.js';
import { fitPreprocessing, type NumberEncodingKind } from '../fit-preprocessing.js';
import { trainWithNumberEncoding } from '../choose-number-encoding.js';
import { ScoringModel } from '../../src/model-directory/scoring-model.js';
import type { Samples } from '../samples.js';
import { fitModel } from '../fit-model.js';
import { REGRESSION, type RegressionLoss } from '../task/index.js';
import { VALUE_LOG_SCALE } from '../../src/model-directory/model-output.js';
import { buildValueNetwork } from './value-network.js';

/** Horizons with a purchase-amount feature over the same number of days, for the naive forecast. */
export const VALUE_HORIZONS = [30, 90] as const;

export interface ValueTarget {
  horizonDays: (typeof VALUE_HORIZONS)[number];
}

export function valueTargetOf(samples: Samples, source: string): ValueTarget {
  const horizonDays = samples.meta.extra?.horizonDays;
  if (samples.amounts === null)
    throw new UsageError(`${source} is a ${samples.meta.kind} table; the value model needs a value table (wealthrec features value)`);
  if (!VALUE_HORIZONS.includes(horizonDays as ValueTarget['horizonDays'])) {
    throw new UsageError(
      `${source}: the value model forecasts ${VALUE_HORIZONS.join(' or ')} days (the naive forecast reads the amount bought in as many days before), the table's horizon is ${String(horizonDays)}; rebuild it with --horizon 30 or 90`,
    );
  }
  return { horizonDays: horizonDays as ValueTarget['horizonDays'] };
}

/** log(1 + yuan bought within the horizon) of each row. */
export function logTargets(samples: Samples, rows: ArrayLike<number>): Float32Array {
  return Float32Array.from(rows, (r) => logValue(samples.amounts![r]));
}

/** Yuan bought in the H days before each row's as-of day: the current value, and the naive forecast. */
export function lastPeriodYuan(samples: Pick<Samples, 'numbers'>, target: ValueTarget, rows: ArrayLike<number>): Float32Array {
  const column = samples.numbers.get(`purchases_amount_${target.horizonDays}d`);
  if (!column) throw new Error(`the table has no purchases_amount_${target.horizonDays}d feature`);
  return Float32Array.from(rows, (r) => (Number.isFinite(column[r]) ? column[r] : 0));
}

/**
 * Fits preprocessing on the training rows and a network on log(1 + yuan), stopping early on the
 * validation rows. `value` is the two-headed value network (trained on the target / VALUE_LOG_SCALE,
 * output `value_log_scaled`); `linear` a plain linear regression on log(1 + yuan) (output `log1p_yuan`).
 */
/**
 * The value network's own default, the one model that keeps standardised inputs. Measured
 * (bench:value-encodings, docs/training.md): with bounded inputs its median network (absolute loss,
 * the registered default) settled on forecasting 0 for every customer, on every seed with `ple` and
 * on one seed in three with `quantile`; with standardised inputs it never did, and had the lowest
 * error. Its output is bounded by construction (two sigmoids times VALUE_LOG_SCALE), so a drifted
 * input cannot send a forecast past what the network can say.
 */
export const VALUE_NUMBER_ENCODING: NumberEncodingKind = 'standard';

export async function trainValueNetwork(
  samples: Samples,
  columns: FeatureColumns,
  trainRows: Int32Array,
  validRows: Int32Array,
  spec: TrainingSpec & { kind: 'value' | 'linear'; loss?: RegressionLoss },
): Promise<Trained> {
  return trainWithNumberEncoding(spec.numberEncoding ?? VALUE_NUMBER_ENCODING, async (numberEncoding) => {
    const preprocessing = fitPreprocessing(columns, trainRows, { numberEncoding });
    const scale = spec.kind === 'value' ? VALUE_LOG_SCALE : 1;
    const matrix = (rows: Int32Array) => ({
      values: applyPreprocessing(preprocessing, columns, rows),
      width: preprocessing.width,
      targets: logTargets(samples, rows).map((y) => y / scale),
    });
    const options = spec.architectureOptions ?? DEFAULT_ARCHITECTURE_OPTIONS;
    const network =
      spec.kind === 'value'
        ? buildValueNetwork(preprocessing.width, spec.fit.seed, options)
        : buildModel('logistic', preprocessing.width, spec.fit.seed, options);
    try {
      const fit = await fitModel(network, matrix(trainRows), matrix(validRows), REGRESSION[spec.loss ?? 'squared'], spec.fit);
      return { scoring: new ScoringModel(network, preprocessing, spec.kind === 'value' ? 'value_log_scaled' : 'log1p_yuan'), fit };
    } catch (err) {
      network.dispose();
      throw err;
    }
  });
}
