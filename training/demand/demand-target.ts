/** What a demand model predicts: a purchase (of any product, or of one category) within a horizon, as its table's metadata records it. */
import { UsageError } from '../../src/errors.js';
import type { Samples } from '../samples.js';

export interface DemandTarget {
  horizonDays: number;
  /** Null: any product. */
  category: string | null;
}

export function demandTargetOf(samples: Samples, source: string): DemandTarget {
  const extra = samples.meta.extra ?? {};
  const horizonDays = extra.horizonDays;
  const category = extra.category ?? null;
  if (typeof horizonDays !== 'number' || !Number.isInteger(horizonDays) || horizonDays < 1 || (category !== null && typeof category !== 'string')) {
    throw new UsageError(
      `${source}: a demand table must record its horizon (whole days) and category in its metadata; rebuild it with wealthrec features demand`,
    );
  }
  return { horizonDays, category };
}
