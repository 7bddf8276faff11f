/**
 * The demand model's view of a demand wide table: the customer-family features only (the product
 * columns of a demand table are empty), its horizon and category, and the slices it is tested on.
 * A row as of d is labelled with purchases in [d, d + H), so a model tested on day t may train
 * only on as-of days d with d + H <= t: their labels were known by t.
 */
import { CUSTOMER_FAMILIES, type FeatureSpec } from '../../src/wide-table/feature-set.js';
import { formatDay } from '../../src/domain/dates.js';
import { UsageError } from '../../src/errors.js';
import type { FeatureColumns } from '../../src/model-directory/preprocessing.js';
import { daysOf, type Samples } from '../samples.js';

export interface DemandTarget {
  horizonDays: number;
  /** Null: any product. */
  category: string | null;
}

export interface DemandSlice {
  testDay: number;
  /** As-of days the model trains on, and the one that stops it early (the latest whose labels were known by the test day). */
  trainDays: number[];
  validDay: number;
}

/** The features a demand model reads: those that describe the customer whatever the product. */
export function demandFeatures(features: readonly FeatureSpec[]): FeatureSpec[] {
  return features.filter((f) => (CUSTOMER_FAMILIES as readonly string[]).includes(f.family));
}

/** Only the demand features' columns, so preprocessing never sees the empty product columns. */
export function demandColumns(samples: Samples): FeatureColumns & { labels: Uint8Array } {
  const names = new Set(demandFeatures(samples.features).map((f) => f.name));
  return {
    numbers: new Map([...samples.numbers].filter(([name]) => names.has(name))),
    categories: new Map([...samples.categories].filter(([name]) => names.has(name))),
    labels: samples.labels,
  };
}

export function demandTargetOf(samples: Samples, source: string): DemandTarget {
  const extra = samples.meta.extra ?? {};
  const horizonDays = extra.horizonDays;
  const category = extra.category ?? null;
  if (typeof horizonDays !== 'number' || !Number.isInteger(horizonDays) || horizonDays < 1 || (category !== null && typeof category !== 'string')) {
    throw new UsageError(`${source}: a demand table must record its horizon (whole days) and category in its metadata; rebuild it with wealthrec features demand`);
  }
  return { horizonDays, category };
}

/** One slice per each of the last `testDays` as-of days; a day without two earlier labelled days cannot be tested. */
export function planDemandSlices(samples: Samples, target: DemandTarget, testDays: number): DemandSlice[] {
  const days = daysOf(samples);
  const tests = days.slice(-testDays);
  return tests.map((testDay) => {
    const known = days.filter((d) => d + target.horizonDays <= testDay);
    if (known.length < 2) {
      throw new UsageError(`test day ${formatDay(testDay)} has ${known.length} earlier as-of day(s) whose ${target.horizonDays}-day labels were known by then; it needs 2 (one to train, one to stop early): build the table over more days or test fewer (--test-days)`);
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
