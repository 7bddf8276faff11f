/**
 * The API's contract as zod schemas: requests are validated with them, /openapi.json is generated
 * from them, and the contract tests parse real responses with them. One definition, three uses, so
 * the published document cannot drift from what the server does.
 */
import { z } from 'zod';
import { API_ERROR_CODES } from '../src/errors.js';

export const MAX_N = 50;
export const MAX_BATCH = 1000;
export const CHANNELS = ['wechat', 'app', 'web'] as const;

/** Ids as the import accepts them: 1 to 64 characters, no surrounding spaces, no control characters. */
export const customerId = z
  .string()
  .min(1)
  .max(64)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the rule refuses
  .refine((s) => s.trim() === s && !/[\u0000-\u001f\u007f]/.test(s), 'a customer id has no surrounding spaces or control characters')
  .meta({ description: 'the bank’s customer id', example: 'C000001' });

const notAnInteger = (issue: { code: string }) => (issue.code === 'invalid_type' ? 'expected a decimal integer' : undefined);
/**
 * A decimal integer, as digits in a query string or a JSON number in a body: nothing else becomes a
 * number (coercion would take `0x10`, `1e1`, ` 5`, `[5]` and `true`). An absent n is 10.
 */
const count = z
  .preprocess(
    (value) => (typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value),
    z.number({ error: notAnInteger }).int({ error: notAnInteger }).min(1).max(MAX_N).default(10),
  )
  .meta({ description: 'how many products, best first (a decimal integer)' });

export const recommendationQuery = z
  .object({
    n: count,
    channel: z.enum(CHANNELS).default('wechat').meta({ description: 'the calling channel (recorded; the ranking is the same)' }),
  })
  .strict();

/** The profile route takes no query parameter: an unknown one is refused like the recommendations route's. */
export const profileQuery = z.object({}).strict();

export const batchBody = z
  .object({
    customerIds: z.array(customerId).min(1).max(MAX_BATCH),
    n: count,
  })
  .strict();

const tagValue = z.union([z.number(), z.string(), z.null()]);
export const customerProfile = z.object({
  customerId: z.string(),
  asOf: z.string().meta({ description: 'the profile describes the days strictly before this one (YYYY-MM-DD)' }),
  models: z
    .object({ demand: z.string().nullable(), value: z.string().nullable() })
    .meta({ description: 'the model versions behind demand_score and the value tags; null when none was used' }),
  tags: z
    .object({
      basic: z.record(z.string(), tagValue),
      level: z.record(z.string(), tagValue),
      preference: z.record(z.string(), tagValue),
      transaction: z.record(z.string(), tagValue),
      churn: z.record(z.string(), tagValue),
      credit: z.record(z.string(), tagValue),
      demand: z.record(z.string(), tagValue),
      value: z.record(z.string(), tagValue),
    })
    .meta({ description: 'the tags of docs/profiles.md by group; null is unknown' }),
});

export const recommendationItem = z.object({
  rank: z.number().int().min(1),
  score: z.number().min(0).max(1).meta({ description: 'the model’s probability that the customer buys this product' }),
  productId: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  riskLevel: z.number().int(),
  expectedYield: z.number().nullable().meta({ description: 'expected yield in percent; null when not published' }),
  termDays: z.number().int().meta({ description: '0 for an open-ended product' }),
  minAmount: z
    .string()
    .regex(/^\d+\.\d{2}$/)
    .meta({ description: 'smallest purchase in yuan, a decimal string (money is never a float)' }),
});

export const freshness = z
  .object({
    snapshotAsOf: z.string().meta({ description: 'the day of the snapshot the server holds (YYYY-MM-DD)' }),
    recomputed: z
      .boolean()
      .meta({ description: 'true when this customer’s rows were computed today from the database (opened or changed since the snapshot)' }),
    changesAppliedThrough: z
      .string()
      .nullable()
      .meta({ description: 'when the last import this answer reflects was committed (ISO instant); null when none was applied since the snapshot loaded' }),
  })
  .meta({
    description:
      'how fresh the answer is: the risk level, purchases, opt-outs and products on sale are the database’s as of changesAppliedThrough; the features are those of asOf',
  });

export const recommendations = z.object({
  customerId: z.string(),
  asOf: z.string().meta({ description: 'the features’ as-of day (bank local time): they describe the days before it' }),
  modelVersion: z.string(),
  freshness,
  items: z.array(recommendationItem),
});

export const batchResult = z.object({
  results: z.array(recommendations),
  unknownCustomerIds: z.array(z.string()),
});

export const apiError = z.object({
  error: z.object({
    code: z.enum(API_ERROR_CODES),
    message: z.string(),
  }),
});

export const modelInfo = z.object({
  version: z.string(),
  backend: z
    .object({ trainedWith: z.string(), scoredWith: z.string() })
    .meta({ description: 'TensorFlow.js backends: the one that trained the model, and the one that scored the snapshot here' }),
  featureSchemaHash: z.string(),
  trainingCutoff: z.string().meta({ description: 'the last day of data the model was trained on' }),
  architecture: z.string(),
  snapshotAsOf: z.string(),
  loadedAt: z.string().meta({ description: 'when this model and snapshot started serving (ISO 8601)' }),
  metrics: z.object({ scorer: z.string(), auc: z.number().nullable(), logloss: z.number().nullable(), mrr: z.number() }).nullable(),
  campaignExport: z
    .object({ available: z.boolean(), demandModelVersion: z.string().nullable(), reason: z.string().nullable() })
    .meta({ description: 'whether POST /v1/campaigns:export can run on the loaded set: the demand champion it uses, or why it answers 503 and what to run' }),
  freshness: z
    .object({
      snapshotAsOf: z.string(),
      servingDay: z
        .string()
        .meta({ description: 'the bank day answers are for: the rules of the day (products on sale, risk levels, purchases) are this day’s' }),
      changesAppliedThrough: z
        .string()
        .nullable()
        .meta({ description: 'when the last import applied to the answers was committed; null when none since the set loaded' }),
      feedLagSeconds: z.number().int().meta({ description: 'seconds since the change feed was last caught up with committed imports' }),
      recomputeOnRequest: z.boolean().meta({ description: 'whether customers the snapshot cannot answer for today have their rows computed on request' }),
      recomputedCustomers: z.number().int().meta({ description: 'customers whose rows were computed today and are kept' }),
    })
    .meta({ description: 'how fresh the answers are' }),
});

export const readiness = z.object({ ready: z.boolean(), reasons: z.array(z.string()) });

/** The answer to DELETE /v1/customers/{id} (customer-erasure.ts). */
export const erasure = z.object({
  erasedNow: z.boolean().describe('false when the customer had been erased before: nothing was done again'),
  pseudonym: z.string().describe('what the erasure is recorded under (an HMAC of the id); the id is kept nowhere'),
  erasedAt: z.string(),
  rowsDeleted: z.record(z.string(), z.number().int()).describe('rows deleted, by bank table'),
  listsPseudonymised: z.number().int().describe('campaign lists in the exports folder whose row for the customer now names the pseudonym'),
  droppedFromAnswers: z.boolean().describe('whether the served answers had dropped the customer when this answered (otherwise: at the next change-feed poll)'),
});
