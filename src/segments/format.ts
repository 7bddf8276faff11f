/**
 * The segmentation file (wealthrec segments build): one row per customer (customer_id, segment,
 * segment_name), and the model that made it: the bounded encoding fitted on the as-of day's
 * customers, the k-means centroids in that encoding, and a card per segment. In an Arrow file the
 * model is the schema's metadata; beside a CSV it is a sidecar `FILE.model.json`. With the model a
 * later day's customers are assigned to the same segments (assign-segments.ts).
 */
import { Field, Int32, Schema, Utf8 } from 'apache-arrow';
import { z } from 'zod';
import { preprocessingSchema } from '../model-directory/preprocessing.js';
import { behaviourWeightingSchema, identityWeighting } from './behaviour-weighting.js';

export const SEGMENTS_META_KEYS = {
  formatVersion: 'wealthrec.segments.format_version',
  asOf: 'wealthrec.segments.as_of',
  model: 'wealthrec.segments.model',
} as const;
/** 2: the model holds the behaviour weighting (behaviour-weighting.ts). Format 1 files are read with the identity weighting, as they were made. */
export const SEGMENTS_FORMAT_VERSION = 2;
/** The format versions this build reads. */
export const READABLE_SEGMENTS_FORMATS = ['1', '2'] as const;

/** The CSV's sidecar holding the model. */
export const sidecarPath = (csvPath: string) => `${csvPath}.model.json`;

const share = z.number().min(0).max(1);
const valueShare = z.object({ value: z.string(), share });

/** What sets a segment apart: a feature whose segment median (number) or share (category value) departs from the population's. */
export const departureSchema = z.object({
  feature: z.string(),
  /** The category value, or `high` / `low` for a number. */
  value: z.string(),
  label: z.string(),
  /** The segment's median quantile position (number) or share (category value), and the population's. */
  segment: z.number(),
  population: z.number(),
});
export type Departure = z.infer<typeof departureSchema>;

export const segmentCardSchema = z.object({
  id: z.number().int().min(0),
  /** A short Chinese name from the departures, e.g. 高资产·短期·数字渠道. */
  name: z.string(),
  size: z.number().int().min(0),
  share,
  medianAumYuan: z.number().nullable(),
  /** Share of the segment who bought within horizonDays from the as-of day; null: not yet known (the window passes the data's last day). */
  purchaseRate: share.nullable(),
  /** Share of the segment's marketing contacts (response window closed before the as-of day) that were answered; null without any. */
  responseRate: share.nullable(),
  contacts: z.number().int().min(0),
  /** Shares of rising, stable, declining (of the customers with a stage); empty without a value model. */
  valueStages: z.record(z.string(), share),
  /** The preferred categories and terms most common in the segment, with their share of its customers. */
  topCategories: z.array(valueShare),
  topTerms: z.array(valueShare),
  departures: z.array(departureSchema),
});
export type SegmentCard = z.infer<typeof segmentCardSchema>;

export const segmentationModelSchema = z.object({
  formatVersion: z.literal(SEGMENTS_FORMAT_VERSION),
  /** The day the segments describe (features from the days strictly before it), YYYY-MM-DD. */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  seed: z.number().int(),
  k: z.number().int().min(1),
  /** How k was set: given, or the best mean silhouette (on a seeded sample) over the candidates. */
  kChoice: z.object({
    method: z.enum(['given', 'silhouette']),
    sample: z.number().int().min(0),
    candidates: z.array(z.object({ k: z.number().int().min(1), silhouette: z.number().nullable() })),
  }),
  horizonDays: z.number().int().positive(),
  /** The models behind demand_score and value_predicted; null where none was used (and the feature left out). */
  models: z.object({ demand: z.string().nullable(), value: z.string().nullable() }),
  /** The bounded encoding (`quantile` numbers, one-hot categories) fitted on the as-of day's customers. */
  preprocessing: preprocessingSchema,
  /** Applied after the encoding: each behaviour weighs the same, "never bought" counts once. */
  weighting: behaviourWeightingSchema,
  /** One centroid per segment, in the weighted encoding's columns. */
  centroids: z.array(z.array(z.number())),
  cards: z.array(segmentCardSchema),
});
export type SegmentationModel = z.infer<typeof segmentationModelSchema>;

/** Format 1 (no weighting: every encoded column weighed the same), read as format 2 with the identity weighting. */
export const segmentationModelV1Schema = segmentationModelSchema
  .omit({ weighting: true })
  .extend({ formatVersion: z.literal(1) })
  .transform(
    (v1): SegmentationModel => ({
      ...v1,
      formatVersion: SEGMENTS_FORMAT_VERSION,
      weighting: identityWeighting(v1.preprocessing),
    }),
  );

export function segmentsSchema(model: SegmentationModel): Schema {
  return new Schema(
    [new Field('customer_id', new Utf8(), false), new Field('segment', new Int32(), false), new Field('segment_name', new Utf8(), false)],
    new Map([
      [SEGMENTS_META_KEYS.formatVersion, String(SEGMENTS_FORMAT_VERSION)],
      [SEGMENTS_META_KEYS.asOf, model.asOf],
      [SEGMENTS_META_KEYS.model, JSON.stringify(model)],
    ]),
  );
}
