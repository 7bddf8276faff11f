/** card.json: what a saved model is, how and on what it was trained. Validated on every load. */
import { z } from 'zod';
import { ARCHITECTURES, architectureOptionsSchema } from './architecture.js';

export const modelCardSchema = z.object({
  formatVersion: z.literal(1),
  version: z.string().regex(/^[A-Za-z0-9._-]+$/),
  architecture: z.enum(ARCHITECTURES),
  architectureOptions: architectureOptionsSchema,
  seed: z.number().int(),
  createdAt: z.string(),
  backend: z.object({ name: z.string(), details: z.array(z.string()) }),
  fit: z.object({
    batchSize: z.number().int().positive(),
    learningRate: z.number().positive(),
    maxEpochs: z.number().int().positive(),
    patience: z.number().int().positive(),
    negativeRate: z.number().positive().max(1).default(1),
    workers: z.number().int().positive().default(1),
    /** The listwise loss's weight beside the pointwise one (0: pointwise only, as in cards written before it). */
    listwiseWeight: z.number().nonnegative().default(0),
    epochs: z.number().int().nonnegative(),
    bestEpoch: z.number().int().nonnegative(),
    bestValidLoss: z.number(),
    rowsPerSecond: z.number(),
    /** How numbers were encoded (preprocessing.json has the details); absent in cards written before encodings were chosen. */
    numberEncoding: z.enum(['standard', 'ple', 'quantile']).optional(),
    /** With `--number-encoding auto`: each encoding tried and its validation loss (the lowest was kept). */
    encodingCandidates: z.array(z.object({ encoding: z.enum(['standard', 'ple', 'quantile']), bestValidLoss: z.number() })).optional(),
  }),
  data: z.object({
    samplesFile: z.string(),
    sourceHash: z.string(),
    firstTrainDay: z.string(),
    /** The training cutoff: the model saw no occasion after this day. */
    lastTrainDay: z.string(),
    validationDays: z.tuple([z.string(), z.string()]),
    trainRows: z.number().int().nonnegative(),
    validRows: z.number().int().nonnegative(),
  }),
  /** sha256 of the feature manifest (names and kinds, in order) the preprocessing expects. */
  featureSchemaHash: z.string(),
  /**
   * The network's output: `logit` (scoring applies the sigmoid), `log1p_yuan` (log(1 + yuan), used
   * as it is) or `value_log_scaled` (the value network's log(1 + yuan) / VALUE_LOG_SCALE).
   */
  output: z.enum(['logit', 'log1p_yuan', 'value_log_scaled']),
  /**
   * What the model predicts. `choice`: that the customer buys this product on a purchase occasion
   * (the recommender). `demand`: that the customer buys within `target.horizonDays` days (any
   * product, or one of `target.category`). `value`: the yuan the customer buys within
   * `target.horizonDays` days, as log(1 + yuan).
   */
  task: z.enum(['choice', 'demand', 'value']).default('choice'),
  /** `loss`: what a value model minimised (absolute error: a median forecast; squared: a mean). */
  target: z.object({ horizonDays: z.number().int().positive(), category: z.string().nullable(), loss: z.enum(['absolute', 'squared']).optional() }).optional(),
});
export type ModelCard = z.infer<typeof modelCardSchema>;
