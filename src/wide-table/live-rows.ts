/**
 * Wide-table rows computed on request, for the customers a snapshot has no row for (opened today) or
 * whose rows changed since it was built: the feature stage computes them with the batch build's own
 * code (features/live-rows.ts) and serving scores them. The rows are those a snapshot built now for
 * the same as-of day would hold: every product on sale that day that the customer may buy.
 */
import type { DayNumber } from '../domain/dates.js';
import type { WideTableBatch } from './batch.js';

export interface LiveRowSource {
  /**
   * The snapshot rows of these customers as of `asOf` (features from data strictly before it); unknown
   * or not yet open customers have none. `horizonDays` fills the horizon family, as a snapshot built for it would.
   */
  rowsFor(customerIds: readonly string[], asOf: DayNumber, horizonDays?: number): Promise<WideTableBatch>;
  /** Reads the products again, after a launch or a change of a product's terms. */
  refresh(): Promise<void>;
}
