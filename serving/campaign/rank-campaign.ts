/**
 * Who a campaign for a product on a channel would reach, best first: score the product for every
 * customer of the snapshot, leave out whom the bank may not or should not contact (by the first
 * reason that applies), and rank the rest. The export (export-campaign.ts) writes a cut of this
 * ranking; the preview (preview-campaign.ts) describes all of it without writing anything. One
 * function for both, so the console's curve and exclusions are those of the list it exports.
 */
import type { Knex } from 'knex';
import { readWideTableHeader, type LiveRowSource, type WideTableHeader } from '../../src/wide-table/index.js';
import { formatDay, todayInBank, type DayNumber } from '../../src/domain/dates.js';
import { alreadyHolds } from '../../src/domain/eligibility.js';
import { UsageError } from '../../src/errors.js';
import type { LoadedModel } from '../../src/model-directory/model-directory.js';
import { UnknownProductError } from '../errors.js';
import { BankNow } from '../live/bank-now.js';
import { offerableToday } from '../live/offerable-today.js';
import { onSale } from '../live/served-products.js';
import { loadExclusions } from './campaign-exclusions.js';
import { rankCandidates, type RankedCandidates } from './campaign-list.js';
import type { CampaignAudience } from './campaign-request.js';
import { scoreLaunchedProduct } from './score-launched-product.js';
import { scoreProduct } from './score-product.js';

export interface CampaignModels {
  /** The recommender (task choice) and the demand model (task demand). */
  choice: LoadedModel;
  demand: LoadedModel;
}

/** Customers left out, by the first reason that applies, in this order. */
export interface ExclusionCounts {
  /**
   * Open customers the product is not for: no snapshot row (its risk level or audience, 新客/老客,
   * ruled them out), or ruled out today by their current risk level or purchases, or closed since.
   */
  notEligible: number;
  /** Already hold this fixed-term product (bought before the snapshot's day, or since). */
  alreadyBought: number;
  optedOut: number;
  contactedRecently: number;
  /** Left after every rule above, but outside the segment the list is restricted to; absent without one. */
  outsideSegment?: number;
}

export interface RankOptions {
  snapshot: string;
  /** The snapshot's header when already read and verified (the served set); read from `snapshot` when absent. */
  snapshotHeader?: WideTableHeader;
  models: CampaignModels;
  /** The bank's state now (the served set's, kept current by the change feed); read from the database when absent. */
  bank?: BankNow;
  /** The bank day the list is for (default: today, never before the snapshot's day). */
  today?: DayNumber;
  /**
   * Computes rows the snapshot lacks (the feature stage's live row source): a product launched after
   * the snapshot was built is scored from them. Without it, such a product is refused.
   */
  liveRows?: LiveRowSource;
  /** Give each candidate the top reason of the product for them (top-reasons.ts): one more scoring of the shelves per reason group. */
  withReasons?: boolean;
  /** Restricts the list to a segment's customers (wealthrec segments build), after every rule above has applied. */
  segment?: { name: string; members: ReadonlySet<string> };
  onPhase?: (phase: string) => void;
}

export interface RankedCampaign {
  /** The snapshot's day: its rows, the exclusions and the frequency cap are as of it. */
  asOf: DayNumber;
  /** Customers in the snapshot; `ranked.order.length` of them are candidates, the rest are in `excluded`. */
  customers: number;
  ranked: RankedCandidates;
  excluded: ExclusionCounts;
}

export function checkModelTasks(models: CampaignModels): void {
  if (models.choice.card.task !== 'choice')
    throw new UsageError(`model ${models.choice.card.version} is a ${models.choice.card.task} model, not the recommender`);
  if (models.demand.card.task !== 'demand')
    throw new UsageError(`model ${models.demand.card.version} is not a demand model (wealthrec demand train --promote)`);
}

/** Throws UnknownProductError for a product the products table lacks, UsageError for one off sale or not scorable yet. */
export async function rankCampaign(knex: Knex, audience: CampaignAudience, options: RankOptions): Promise<RankedCampaign> {
  checkModelTasks(options.models);
  const product = await knex('products').first('product_id', 'sale_start_day', 'sale_end_day').where('product_id', audience.productId);
  if (!product) throw new UnknownProductError(`unknown product "${audience.productId}": it is not in the products table`);

  // From the footer alone: a product off sale is refused before a large snapshot is read.
  const header = options.snapshotHeader ?? (await readWideTableHeader(options.snapshot));
  const asOf = header.meta.toDay;
  const today = options.today ?? Math.max(todayInBank(), asOf);
  const inWindow = (day: DayNumber) => product.sale_start_day <= day && (product.sale_end_day === null || day <= product.sale_end_day);
  // On the snapshot's shelf, or launched after it was built (on sale today, not on the shelf it records).
  const shelf = header.meta.extra?.shelf;
  const onShelf = Array.isArray(shelf) ? shelf.includes(audience.productId) : inWindow(asOf);
  const launched = !onShelf && inWindow(today);
  if (!onShelf && !launched) {
    throw new UsageError(`product ${audience.productId} is not on sale on the snapshot's day ${formatDay(asOf)}: build a snapshot of a day in its sale window`);
  }

  // The rules of the day, on the bank's state now: the snapshot's rows are as of its day.
  const bank = options.bank ?? (await BankNow.load(knex, asOf, new Map()));
  const served = bank.products.get(audience.productId);
  if (!served || !onSale(served, today)) {
    throw new UsageError(
      `product ${audience.productId} is not on sale today (${formatDay(today)}): its sale window or the products table changed since the snapshot`,
    );
  }

  options.onPhase?.('scoring');
  if (launched && !options.liveRows) {
    throw new UsageError(
      `product ${audience.productId} was launched after the snapshot of ${formatDay(asOf)} was built: export it once tonight's snapshot is built`,
    );
  }
  const scored =
    launched && options.liveRows
      ? await scoreLaunchedProduct(knex, options.liveRows, audience.productId, today, options.models, options.withReasons)
      : await scoreProduct(options.snapshot, audience.productId, options.models.choice, options.models.demand, header, options.withReasons);

  options.onPhase?.('exclusions');
  const exclusions = await loadExclusions(knex, audience.channel, asOf, audience.capDays);
  const excluded: ExclusionCounts = {
    notEligible: scored.snapshotCustomers - scored.customerIds.length - scored.alreadyBought,
    alreadyBought: scored.alreadyBought,
    optedOut: 0,
    contactedRecently: 0,
    ...(options.segment ? { outsideSegment: 0 } : {}),
  };
  const ranked = rankCandidates(scored.customerIds, scored.scores, (i) => {
    const id = scored.customerIds[i];
    const customer = bank.customer(id);
    if (customer && alreadyHolds(customer.boughtSince.includes(audience.productId) ? 1 : 0, served.facts.termDays)) {
      excluded.alreadyBought++;
      return false;
    }
    if (!customer || !offerableToday(customer, served, today)) {
      excluded.notEligible++;
      return false;
    }
    if (exclusions.optedOut.has(id)) {
      excluded.optedOut++;
      return false;
    }
    if (exclusions.recentlyContacted.has(id)) {
      excluded.contactedRecently++;
      return false;
    }
    // Last: the segment narrows whom the rules allow, never widens it.
    if (options.segment && !options.segment.members.has(id)) {
      excluded.outsideSegment! += 1;
      return false;
    }
    return true;
  });
  if (scored.topReasons) ranked.topReasons = scored.topReasons;
  return { asOf, customers: scored.snapshotCustomers, ranked, excluded };
}

/** The expected buyers of the first `rows` ranked candidates: the sum of their probabilities, in rank order. */
export function expectedBuyersOf(ranked: RankedCandidates, rows: number): number {
  let sum = 0;
  for (let k = 0; k < rows; k++) sum += ranked.scores[ranked.order[k]];
  return sum;
}
