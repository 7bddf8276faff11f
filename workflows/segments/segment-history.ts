/**
 * Segment sizes over the last months: the customers of each earlier month-end assigned to this
 * segmentation's centroids (through its own encoding), so a size moves only when behaviour does.
 */
import type { Knex } from 'knex';
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import { assignSegments } from '../../src/segments/assign-segments.js';
import type { SegmentationModel } from '../../src/segments/format.js';
import { buildBehaviourTable, type BehaviourTableOptions } from '../../features/segments/behaviour-table.js';

const MS_PER_DAY = 86_400_000;

export interface MonthSizes {
  /** The month's last day: its customers, with features through that day. */
  monthEnd: string;
  sizes: number[];
}

/** The as-of days after the last `months` month-ends before `asOf` (each the 1st of a month, before `asOf`), oldest first. */
export function monthStartsBefore(asOf: DayNumber, months: number): DayNumber[] {
  const date = new Date(asOf * MS_PER_DAY);
  const days: DayNumber[] = [];
  // Date.UTC rolls a month below 1 into the year before.
  for (let back = 0; days.length < months; back++) {
    const first = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1) / MS_PER_DAY;
    if (first < asOf) days.push(first);
  }
  return days.reverse();
}

export async function segmentSizesByMonth(
  knex: Knex,
  model: SegmentationModel,
  days: readonly DayNumber[],
  behaviour: Omit<BehaviourTableOptions, 'asOf'>,
): Promise<MonthSizes[]> {
  const out: MonthSizes[] = [];
  for (const day of days) {
    const table = await buildBehaviourTable(knex, { ...behaviour, asOf: day });
    const sizes = new Array<number>(model.cards.length).fill(0);
    if (table.customerIds.length > 0) for (const g of assignSegments(model, table.columns, table.customerIds.length)) sizes[g]++;
    out.push({ monthEnd: formatDay(day - 1), sizes });
  }
  return out;
}
