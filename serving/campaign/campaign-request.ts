/** What a campaign export asks for, validated the same way from the command line and over HTTP. */
import { z } from 'zod';

export const CAMPAIGN_CHANNELS = ['sms', 'wechat', 'phone'] as const;
export const DEFAULT_CAP_DAYS = 7;

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

const channel = z.enum(CAMPAIGN_CHANNELS);
/** Customers contacted on any channel within this many days before the as-of day are left out (0: no cap). */
const capDays = z.number().int().min(0).max(365).default(DEFAULT_CAP_DAYS);

/** Whom a campaign is for, without its length: what the console's preview (POST /v1/campaigns:preview) takes. */
export const campaignAudienceSchema = z.object({ productId: id, channel, capDays }).strict();

export type CampaignAudience = z.infer<typeof campaignAudienceSchema>;

/** Exactly one of top, fraction, coverage says how long the list is. */
export const campaignRequestSchema = z
  .object({
    productId: id,
    channel,
    top: z.number().int().positive().max(100_000_000).optional(),
    fraction: z.number().gt(0).max(1).optional(),
    coverage: z.number().gt(0).max(1).optional(),
    capDays,
    /** Add the product's top reason for each customer (code and Chinese text) to the list, for the message. */
    withReasons: z.boolean().optional(),
  })
  .strict()
  .refine((r) => [r.top, r.fraction, r.coverage].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of top, fraction or coverage',
    path: ['top'],
  });

export type CampaignRequest = z.infer<typeof campaignRequestSchema>;

/** The request's list length as words, for logs and the audit record. */
export function describeSelection(r: CampaignRequest): string {
  if (r.top !== undefined) return `top ${r.top}`;
  if (r.fraction !== undefined) return `best ${(100 * r.fraction).toFixed(1)}% of the candidates`;
  return `enough to reach ${(100 * r.coverage!).toFixed(1)}% of the expected buyers`;
}
