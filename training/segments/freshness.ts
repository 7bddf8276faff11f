/**
 * How fresh an earlier segmentation still is: this day's customers assigned to its centroids
 * (through its encoding), the adjusted Rand index between that and this day's own clustering (1:
 * the same grouping), and how each earlier segment's share moved from its day to this one.
 */
import { adjustedRandIndex } from '../../src/metrics/adjusted-rand-index.js';
import type { FeatureColumns } from '../../src/model-directory/preprocessing.js';
import { assignSegments } from '../../src/segments/assign-segments.js';
import type { SegmentationModel } from '../../src/segments/format.js';

export interface Freshness {
  previousAsOf: string;
  adjustedRandIndex: number;
  /** Per earlier segment: its share on its own day and of this day's customers. */
  moves: Array<{ id: number; name: string; shareThen: number; shareNow: number }>;
}

export function freshnessAgainst(previous: SegmentationModel, columns: FeatureColumns, rows: number, labelsNow: Int32Array): Freshness {
  const assigned = assignSegments(previous, columns, rows);
  const counts = new Array<number>(previous.cards.length).fill(0);
  for (const g of assigned) counts[g]++;
  return {
    previousAsOf: previous.asOf,
    adjustedRandIndex: adjustedRandIndex(assigned, labelsNow),
    moves: previous.cards.map((c) => ({ id: c.id, name: c.name, shareThen: c.share, shareNow: rows === 0 ? 0 : counts[c.id] / rows })),
  };
}
