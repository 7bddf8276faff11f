/**
 * The customer-level models' view of a customer-day table (kinds `demand` and `value`: one row per
 * customer and as-of day): the customer-family features only (the product columns are empty), and
 * the slices a model is tested on. A row as of d is labelled with purchases in [d, d + H), so a
 * model tested on day t may train only on as-of days d with d + H <= t: their labels were known by t.
 */
import { CUSTOMER_FAMILIES, DEMAND_FAMILIES, type FeatureFamily, type FeatureSpec } from '../../src/wide-table/feature-set.js';
import { formatDay } from '../../src/domain/dates.js';
import { UsageError } from '../../src/errors.js';
import type { FeatureColumns } from '../../src/model-directory/preprocessing.js';
import { daysOf, type Samples } from '../samples.js';

export interface CustomerDaySlice {
  testDay: number;
  /** As-of days the model trains on, and the one that stops it early (the latest whose labels were known by the test day). */
  trainDays: number[];
  validDay: number;
}

/**
 * The families each customer-level model reads by default: the demand model also what falls inside
 * its window (the horizon family); the value model, whose profile tag is scored beside the demand
 * model's with one set of features, the customer families only.
 */
export const MODEL_FAMILIES: Record<'demand' | 'value', readonly FeatureFamily[]> = { demand: DEMAND_FAMILIES, value: CUSTOMER_FAMILIES };

/** The features a customer-level model reads: those that describe the customer whatever the product. */
export function customerFeatures(features: readonly FeatureSpec[], families: readonly FeatureFamily[]): FeatureSpec[] {
  return features.filter((f) => families.includes(f.family));
}

/** Only the model's features' columns, so preprocessing never sees the empty product columns. */
export function customerColumns(samples: Samples, families: readonly FeatureFamily[]): FeatureColumns & { labels: Uint8Array } {
  const names = new Set(customerFeatures(samples.features, families).map((f) => f.name));
  return {
    numbers: new Map([...samples.numbers].filter(([name]) => names.has(name))),
    categories: new Map([...samples.categories].filter(([name]) => names.has(name))),
    labels: samples.labels,
  };
}

/** One slice per each of the last `testDays` as-of days; a day without two earlier labelled days cannot be tested. */
export function planCustomerDaySlices(samples: Samples, horizonDays: number, testDays: number): CustomerDaySlice[] {
  const days = daysOf(samples);
  const tests = days.slice(-testDays);
  return tests.map((testDay) => {
    const known = days.filter((d) => d + horizonDays <= testDay);
    if (known.length < 2) {
      throw new UsageError(
        `test day ${formatDay(testDay)} has ${known.length} earlier as-of day(s) whose ${horizonDays}-day labels were known by then; it needs 2 (one to train, one to stop early): build the table over more days or test fewer (--test-days)`,
      );
    }
    return { testDay, trainDays: known.slice(0, -1), validDay: known[known.length - 1] };
  });
}

/** Row indices whose as-of day is in `days`. */
export function rowsOnDays(samples: Pick<Samples, 'asOf' | 'length'>, days: readonly number[]): Int32Array {
  const wanted = new Set(days);
  const rows: number[] = [];
  for (let i = 0; i < samples.length; i++) if (wanted.has(samples.asOf[i])) rows.push(i);
  return Int32Array.from(rows);
}
