/**
 * Time-sliced evaluation of the value model (case section 3.2): for each test as-of day t, the
 * value network (trained on absolute and on squared error) and a linear regression train on the
 * days whose horizon had closed by t, stop early on the latest of them, and forecast
 * log(1 + yuan bought in [t, t + H)). They are judged by MAE and R² on that log scale against the
 * naive forecast "the same as the last H days" and the last year's average. The segment table
 * crosses AUM tier and value stage (from the network with the registered model's loss) on the test
 * rows, with what those customers then actually bought.
 */
import type { NumberEncodingChoice } from '../choose-number-encoding.js';
import { AUM_TIERS, aumTier, type AumTier } from '../../src/domain/aum-tier.js';
import { formatDay } from '../../src/domain/dates.js';
import { logValue, VALUE_STAGES, valueStage, type ValueStage } from '../../src/domain/value-stage.js';
import { meanAbsoluteError, rSquared } from '../../src/metrics/index.js';
import type { Architecture } from '../../src/model-directory/architecture.js';
import type { BackendChoice } from '../../src/tf-backend/select-backend.js';
import { customerColumns, MODEL_FAMILIES, planCustomerDaySlices, rowsOnDays } from '../customer-day/customer-day-data.js';
import type { FitLoopOptions, FitResult } from '../fit-model.js';
import type { Samples } from '../samples.js';
import type { RegressionLoss } from '../task/index.js';
import { lastPeriodYuan, logTargets, trainValueNetwork, type ValueTarget } from './value-data.js';

export interface ValueEvaluationOptions {
  target: ValueTarget;
  testDays: number;
  architecture: Architecture;
  seed: number;
  fit: Omit<FitLoopOptions, 'seed' | 'onEpoch' | 'onBatch'>;
  backend: BackendChoice;
  /** The loss of the model that is registered: its forecasts make the segment table. */
  loss: RegressionLoss;
  /** How numbers are encoded (default VALUE_NUMBER_ENCODING; `auto`: chosen on each slice's validation day). */
  numberEncoding?: NumberEncodingChoice;
  onTrained?: (t: { testDay: string; label: string; fit: FitResult }) => void;
}

export interface ValueScore {
  /** On log(1 + yuan). */
  mae: number;
  r2: number;
}

export interface ValueDayResult {
  day: string;
  rows: number;
  buyers: number;
  scorers: Record<string, ValueScore>;
}

export interface SegmentRow {
  tier: AumTier;
  stage: ValueStage;
  customers: number;
  /** Means in yuan over the segment's customers. */
  currentYuan: number;
  predictedYuan: number;
  actualYuan: number;
  /** Share of the segment who bought within the horizon. */
  bought: number;
}

export interface ValueEvaluation {
  target: ValueTarget;
  backend: { name: string; details: string[] };
  architecture: Architecture;
  days: ValueDayResult[];
  pooled: { rows: number; buyers: number; scorers: Record<string, ValueScore> };
  /** The candidate's stages on the pooled test rows, by tier. */
  segments: SegmentRow[];
  seconds: number;
}

export const NAIVE = 'naive: same as the last period';
export const YEAR_AVERAGE = 'last 365 days, pro rata';
export const LINEAR = 'linear regression (squared error)';
export const VALUE_NETWORK: Record<RegressionLoss, string> = {
  absolute: 'value network, absolute error (median)',
  squared: 'value network, squared error (mean)',
};

export async function evaluateValue(samples: Samples, options: ValueEvaluationOptions): Promise<ValueEvaluation> {
  const started = performance.now();
  const columns = customerColumns(samples, MODEL_FAMILIES.value);
  const year = samples.numbers.get('purchases_amount_365d');
  const aum = samples.numbers.get('aum_yuan');
  if (!year || !aum) throw new Error('the value table has no purchases_amount_365d or aum_yuan feature');
  const candidateName = VALUE_NETWORK[options.loss];
  const names = [VALUE_NETWORK.absolute, VALUE_NETWORK.squared, LINEAR, NAIVE, YEAR_AVERAGE];
  const pooled = { actual: [] as number[], forecasts: new Map<string, number[]>(names.map((n) => [n, []])), rows: [] as number[] };
  const days: ValueDayResult[] = [];
  for (const slice of planCustomerDaySlices(samples, options.target.horizonDays, options.testDays)) {
    const trainRows = rowsOnDays(samples, slice.trainDays);
    const validRows = rowsOnDays(samples, [slice.validDay]);
    const testRows = rowsOnDays(samples, [slice.testDay]);
    const actual = logTargets(samples, testRows);
    const forecasts = new Map<string, Float32Array>();
    for (const [name, kind, loss] of [
      [VALUE_NETWORK.absolute, 'value', 'absolute'],
      [VALUE_NETWORK.squared, 'value', 'squared'],
      [LINEAR, 'linear', 'squared'],
    ] as const) {
      const trained = await trainValueNetwork(samples, columns, trainRows, validRows, {
        kind,
        loss,
        architecture: options.architecture,
        numberEncoding: options.numberEncoding,
        fit: { ...options.fit, seed: options.seed },
      });
      try {
        options.onTrained?.({ testDay: formatDay(slice.testDay), label: name, fit: trained.fit });
        forecasts.set(name, trained.scoring.score(columns, testRows));
      } finally {
        trained.scoring.dispose();
      }
    }
    forecasts.set(NAIVE, lastPeriodYuan(samples, options.target, testRows).map(logValue));
    forecasts.set(
      YEAR_AVERAGE,
      Float32Array.from(testRows, (r) => logValue(((Number.isFinite(year[r]) ? year[r] : 0) * options.target.horizonDays) / 365)),
    );
    const scorers: Record<string, ValueScore> = {};
    for (const [name, f] of forecasts) {
      scorers[name] = { mae: meanAbsoluteError(actual, f), r2: rSquared(actual, f) };
      for (const x of f) pooled.forecasts.get(name)!.push(x);
    }
    for (const x of actual) pooled.actual.push(x);
    for (const r of testRows) pooled.rows.push(r);
    days.push({ day: formatDay(slice.testDay), rows: testRows.length, buyers: actual.filter((x) => x > 0).length, scorers });
  }
  const pooledScorers: Record<string, ValueScore> = {};
  for (const [name, f] of pooled.forecasts) pooledScorers[name] = { mae: meanAbsoluteError(pooled.actual, f), r2: rSquared(pooled.actual, f) };
  const current = lastPeriodYuan(samples, options.target, pooled.rows);
  const segments = segmentTable(
    pooled.rows.map((r) => aumTier(Number.isFinite(aum[r]) ? aum[r] : 0)),
    current,
    pooled.forecasts.get(candidateName)!,
    Float32Array.from(pooled.rows, (r) => samples.amounts![r]),
  );
  return {
    target: options.target,
    backend: { name: options.backend.name, details: options.backend.details },
    architecture: options.architecture,
    days,
    pooled: { rows: pooled.actual.length, buyers: pooled.actual.filter((x) => x > 0).length, scorers: pooledScorers },
    segments,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Customers by AUM tier and value stage, with their current, predicted and actual values (every tier x stage, empty ones included). */
export function segmentTable(tiers: AumTier[], currentYuan: ArrayLike<number>, predictedLog: ArrayLike<number>, actualYuan: ArrayLike<number>): SegmentRow[] {
  const cells = new Map<string, SegmentRow>();
  for (const tier of AUM_TIERS)
    for (const stage of VALUE_STAGES) cells.set(`${tier}/${stage}`, { tier, stage, customers: 0, currentYuan: 0, predictedYuan: 0, actualYuan: 0, bought: 0 });
  for (let i = 0; i < tiers.length; i++) {
    const cell = cells.get(`${tiers[i]}/${valueStage(logValue(currentYuan[i]), predictedLog[i])}`)!;
    cell.customers++;
    cell.currentYuan += currentYuan[i];
    cell.predictedYuan += Math.expm1(Math.max(0, predictedLog[i]));
    cell.actualYuan += actualYuan[i];
    cell.bought += actualYuan[i] > 0 ? 1 : 0;
  }
  return [...cells.values()].map((c) =>
    c.customers === 0
      ? c
      : {
          ...c,
          currentYuan: c.currentYuan / c.customers,
          predictedYuan: c.predictedYuan / c.customers,
          actualYuan: c.actualYuan / c.customers,
          bought: c.bought / c.customers,
        },
  );
}
