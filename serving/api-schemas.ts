/**
 * The API's contract as zod schemas: requests are validated with them, /openapi.json is generated
 * from them, and the contract tests parse real responses with them. One definition, three uses, so
 * the published document cannot drift from what the server does.
 */
import { z } from 'zod';
import { API_ERROR_CODES } from '../src/errors.js';
import { REASON_GROUPS } from '../src/reasons/index.js';

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
  segment: z
    .object({
      id: z.number().int().min(0),
      name: z.string().meta({ description: 'the segment’s short name, from what sets it apart (docs/segments.md)' }),
      asOf: z.string().meta({ description: 'the day the segmentation describes (YYYY-MM-DD)' }),
      ageDays: z.number().int().meta({ description: 'bank days from that day to today: how old the segmentation is' }),
    })
    .nullable()
    .optional()
    .meta({
      description:
        'the customer’s segment (wealthrec segments build); absent when the server has no segmentation (serve --segments), null when it does not hold the customer',
    }),
});

export const recommendationReason = z
  .object({
    code: z.enum(REASON_GROUPS.map((g) => g.code) as [string, ...string[]]),
    text_zh: z.string(),
    text_en: z.string(),
  })
  .meta({
    description:
      'why the model ranks this product for this customer (docs/reasons.md): the group of features whose removal lowers its score most, with a text filled from the row’s own values (amounts rounded to ¥1,000)',
  });

export const recommendationItem = z.object({
  rank: z.number().int().min(1),
  score: z.number().min(0).max(1).meta({
    description:
      'the probability that the customer picks this product if they buy today: the model’s score over the sum of its scores for every product the customer may buy today, so the full list adds up to 1; under an experiment’s baseline arm (modelVersion baseline:NAME), the policy’s own score: popularity the product’s share of the last 7 days’ purchases, expert its expected yield relative to the highest on sale',
  }),
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
  reasons: z
    .array(recommendationReason)
    .max(3)
    .meta({ description: 'up to 3 reasons, strongest first; empty when none holds, and under an experiment’s baseline arm (not the model)' }),
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
  experiment: z
    .object({ name: z.string(), arm: z.string() })
    .optional()
    .meta({ description: 'while an A/B experiment runs: its name and the arm this customer is assigned to (sticky for the experiment)' }),
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

export const readiness = z.object({
  ready: z.boolean(),
  reasons: z.array(z.string()),
  segments: z
    .object({ asOf: z.string(), ageDays: z.number().int(), segments: z.number().int().min(1) })
    .optional()
    .meta({
      description: 'with serve --segments: the segmentation’s day and age in bank days (information only: an old one does not make the service unready)',
    }),
});

/** The answer to DELETE /v1/customers/{id} (customer-erasure.ts). */
export const erasure = z.object({
  erasedNow: z.boolean().describe('false when the customer had been erased before: nothing was done again'),
  pseudonym: z.string().describe('what the erasure is recorded under (an HMAC of the id); the id is kept nowhere'),
  erasedAt: z.string(),
  rowsDeleted: z.record(z.string(), z.number().int()).describe('rows deleted, by bank table'),
  listsPseudonymised: z.number().int().describe('campaign lists in the exports folder whose row for the customer now names the pseudonym'),
  droppedFromAnswers: z.boolean().describe('whether the served answers had dropped the customer when this answered (otherwise: at the next change-feed poll)'),
});

/** GET /v1/products takes one filter for now: the products on sale on the served day. */
export const productsQuery = z
  .object({
    onSale: z
      .literal('today')
      .meta({ description: 'only the products whose sale window holds the bank day the server answers for (the only listing offered)' }),
  })
  .strict();

export const productOnSale = recommendationItem.omit({ rank: true, score: true, reasons: true });

export const productsOnSale = z.object({
  day: z.string().meta({ description: 'the bank day the server answers for (YYYY-MM-DD)' }),
  products: z.array(productOnSale).meta({ description: 'by product id' }),
});

const exclusionCounts = z
  .object({
    notEligible: z.number().int().min(0).meta({ description: 'the product is not for them (risk level, 新客/老客 audience), or they closed since' }),
    alreadyBought: z.number().int().min(0).meta({ description: 'they already hold this fixed-term product' }),
    optedOut: z.number().int().min(0).meta({ description: 'opted out of the channel or of all marketing' }),
    contactedRecently: z.number().int().min(0).meta({ description: 'contacted on any channel within capDays' }),
    outsideSegment: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'allowed and willing, but outside the segment the list was restricted to (campaign export --segment); absent without one' }),
  })
  .meta({ description: 'customers left out, by the first reason that applies, in this order' });

/** The answer to POST /v1/campaigns:preview (preview-campaign.ts). */
export const campaignPreview = z.object({
  productId: z.string(),
  channel: z.string(),
  capDays: z.number().int(),
  asOf: z.string().meta({ description: 'the snapshot’s day: the scores, exclusions and frequency cap are as of it (YYYY-MM-DD)' }),
  customers: z.number().int().min(0).meta({ description: 'customers in the snapshot' }),
  candidates: z.number().int().min(0).meta({ description: 'customers left after every exclusion: the longest list' }),
  excluded: exclusionCounts,
  curve: z
    .array(
      z.object({
        rows: z.number().int().min(0).meta({ description: 'the list’s length: the best rows candidates' }),
        expectedBuyers: z.number().min(0).meta({ description: 'the sum of their probabilities of buying within the demand horizon' }),
        share: z.number().min(0).max(1).meta({ description: 'expectedBuyers over the expected buyers of all candidates' }),
      }),
    )
    .meta({
      description: 'expected buyers against the list’s length: from 0 rows, about 100 steps (every length below 100 candidates), ending at all candidates',
    }),
  point80: z
    .object({
      rows: z.number().int().min(0),
      fraction: z.number().min(0).max(1).meta({ description: 'rows over the candidates' }),
      expectedBuyers: z.number().min(0),
    })
    .meta({ description: 'the shortest list expected to reach 80% of the buyers: the list an export with coverage 0.8 writes' }),
});

/** A list's id in the campaign loop's paths: the decimal audit id of its export (X-Audit-Id). */
export const campaignAuditId = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'expected the export’s audit id, a decimal integer')
  .transform(Number)
  .meta({ description: 'the export’s audit id (X-Audit-Id of POST /v1/campaigns:export)', example: '42' });

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** POST /v1/campaigns/{auditId}:sent. */
export const campaignSentBody = z
  .object({ day: isoDay.optional().meta({ description: 'the bank day the messages went out (default: the server’s today); not before the list’s asOf' }) })
  .strict();

export const campaignSent = z.object({
  auditId: z.number().int(),
  recorded: z.number().int().min(0).meta({ description: 'messages recorded by this call: 0 when the list had been recorded before' }),
  alreadyRecorded: z.boolean().meta({ description: 'true when the list had been recorded as sent before: nothing was recorded again' }),
  day: z.string().meta({ description: 'the send’s day (YYYY-MM-DD): the first recording’s when recorded before' }),
});

/** GET /v1/campaigns/{auditId}/results: the window defaults to the list's demand horizon. */
export const campaignResultsQuery = z
  .object({
    window: z
      .string()
      .regex(/^[1-9][0-9]{0,2}$/, 'expected whole days, a decimal integer from 1 to 365')
      .transform(Number)
      .refine((n) => n <= 365, 'expected whole days, a decimal integer from 1 to 365')
      .optional()
      .meta({ description: 'days from the send in which a purchase counts (default: the demand horizon the list was scored for)' }),
  })
  .strict();

const tally = {
  messages: z.number().int().min(0),
  buyers: z.number().int().min(0).meta({ description: 'customers sent the list who bought its product within the window' }),
  expectedBuyers: z.number().min(0).meta({ description: 'the sum of their scores as sent: the buyers the model expected' }),
  ratio: z.number().nullable().meta({ description: 'buyers / expectedBuyers (1 is calibrated); null when nothing was expected' }),
};

export const campaignResults = z.object({
  auditId: z.number().int(),
  productId: z.string(),
  channel: z.string(),
  asOf: z.string(),
  sentDay: z.string(),
  windowDays: z.number().int(),
  windowFrom: z.string().meta({ description: 'the window’s first day: the send’s day' }),
  windowTo: z.string().meta({ description: 'the window’s last day: sentDay + windowDays - 1' }),
  total: z.object(tally),
  deciles: z
    .array(z.object({ decile: z.number().int().min(1).max(10).meta({ description: 'the tenth of the list by rank, 1 the best' }), ...tally }))
    .meta({ description: 'per tenth of the list (a tenth with no message is left out)' }),
  gainCurve: z
    .array(
      z.object({
        listShare: z.number().min(0).max(1),
        messages: z.number().int().min(0),
        buyers: z.number().int().min(0),
        buyersShare: z.number().min(0).max(1).nullable().meta({ description: 'share of the list’s buyers in its top listShare; null when it had none' }),
      }),
    )
    .meta({ description: 'every 5% of the list from its top' }),
});

export const pastCampaigns = z.object({
  lists: z
    .array(
      z.object({
        auditId: z.number().int(),
        productId: z.string(),
        channel: z.string(),
        exportedAt: z.string(),
        asOf: z.string(),
        rows: z.number().int().min(0),
        expectedBuyers: z.number().meta({ description: 'as the export recorded it' }),
        file: z.string(),
        sent: z
          .object({ day: z.string(), messages: z.number().int().min(0) })
          .nullable()
          .meta({ description: 'null until recorded as sent' }),
        results: z
          .object({
            closed: z.boolean(),
            closesOn: z.string().meta({ description: 'the first day the results can be read' }),
            windowDays: z.number().int(),
            buyers: z.number().int().min(0).optional().meta({ description: 'once closed' }),
            expectedBuyers: z.number().min(0),
          })
          .nullable()
          .meta({ description: 'null until sent' }),
      }),
    )
    .meta({ description: 'every exported list, newest first' }),
});
