/**
 * Campaigns judged on history: for a product launched on day L, rank the customers allowed to buy it
 * as the export would on L (models trained before the first launch evaluated), and measure the share
 * of them one must message to reach 80% of those who bought it in [L, L + H). Against a random list,
 * the rule "customers who bought the same category before" (most of their purchases first), and the
 * list written with hindsight (the buyers first: the best any list can do).
 */
import type { Knex } from 'knex';
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import { auc, shareToReach } from '../../src/metrics/index.js';
import { Rng } from '../../src/random.js';
import type { CampaignModels } from '../../serving/campaign/export-campaign.js';
import { scoreProduct } from '../../serving/campaign/score-product.js';

export const REACH_TARGET = 0.8;

export interface LaunchResult {
  productId: string;
  name: string;
  category: string | null;
  launchDay: string;
  /** Customers allowed to buy it on the day, and those of them who bought it within the horizon. */
  eligible: number;
  buyers: number;
  /** Share of the eligible to message, best first, to reach 80% of the buyers; null without buyers. */
  share: { model: number | null; random: number | null; sameCategory: number | null; hindsight: number | null };
  modelAuc: number | null;
}

/** Customers who bought the product in [from, from + horizon). */
async function buyersOf(knex: Knex, productId: string, from: DayNumber, horizonDays: number): Promise<Set<string>> {
  const rows = await knex('purchases')
    .distinct('customer_id')
    .where('product_id', productId)
    .andWhere('purchase_day', '>=', from)
    .andWhere('purchase_day', '<', from + horizonDays);
  return new Set(rows.map((r) => r.customer_id as string));
}

export async function evaluateLaunch(
  knex: Knex,
  snapshotPath: string,
  product: { id: string; name: string; category: string | null; launchDay: DayNumber },
  horizonDays: number,
  models: CampaignModels,
  seed: number,
): Promise<LaunchResult> {
  const scored = await scoreProduct(snapshotPath, product.id, models.choice, models.demand);
  const buyers = await buyersOf(knex, product.id, product.launchDay, horizonDays);
  const labels = Uint8Array.from(scored.customerIds, (id) => (buyers.has(id) ? 1 : 0));
  const positives = labels.reduce((s, x) => s + x, 0);
  // Ties (a rule scores many customers alike) are broken at random, seeded per product, so no list is favoured by id order.
  const rng = Rng.fromSeed((seed * 100_003 + product.launchDay) >>> 0);
  const random = Float32Array.from(labels, () => rng.next());
  const sameCategory = Float32Array.from(scored.sameCategoryShare, (x, i) => x + random[i] * 1e-3);
  const hindsight = Float32Array.from(labels, (y, i) => y + random[i] * 1e-3);
  const reach = (scores: Float32Array) => (positives === 0 ? null : shareToReach(labels, scores, REACH_TARGET));
  return {
    productId: product.id,
    name: product.name,
    category: product.category,
    launchDay: formatDay(product.launchDay),
    eligible: labels.length,
    buyers: positives,
    share: { model: reach(scored.scores), random: reach(random), sameCategory: reach(sameCategory), hindsight: reach(hindsight) },
    modelAuc: positives === 0 || positives === labels.length ? null : auc(labels, scored.scores),
  };
}
