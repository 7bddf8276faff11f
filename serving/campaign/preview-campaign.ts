/**
 * A campaign before it is exported: how many customers the product's list could hold, who is left
 * out and why, and how the expected buyers grow with the list's length. The same ranking as the
 * export (rank-campaign.ts), but nothing is written and nothing recorded: no customer leaves the
 * server, only counts and sums.
 */
import type { Knex } from 'knex';
import { formatDay } from '../../src/domain/dates.js';
import type { CampaignAudience } from './campaign-request.js';
import { expectedBuyersCurve, type ExpectedBuyersCurve } from './expected-buyers-curve.js';
import { rankCampaign, type ExclusionCounts, type RankOptions } from './rank-campaign.js';

export interface CampaignPreview extends ExpectedBuyersCurve {
  productId: string;
  channel: CampaignAudience['channel'];
  capDays: number;
  asOf: string;
  customers: number;
  candidates: number;
  excluded: ExclusionCounts;
}

export async function previewCampaign(knex: Knex, audience: CampaignAudience, options: RankOptions): Promise<CampaignPreview> {
  const { asOf, customers, ranked, excluded } = await rankCampaign(knex, audience, options);
  const probabilities = Float64Array.from(ranked.order, (i) => ranked.scores[i]);
  return {
    productId: audience.productId,
    channel: audience.channel,
    capDays: audience.capDays,
    asOf: formatDay(asOf),
    customers,
    candidates: ranked.order.length,
    excluded,
    ...expectedBuyersCurve(probabilities),
  };
}
