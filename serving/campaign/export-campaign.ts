/**
 * A campaign export, end to end: score the product for every customer of the snapshot, leave out
 * whom the bank may not or should not contact, write the ranked list, and record the export in
 * audit_log. The file appears under its name only once its audit record is committed: there is
 * never a list without a record, nor a record of a list that was not written.
 */
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Knex } from 'knex';
import { readWideTableHeader, type LiveRowSource, type WideTableHeader } from '../../src/wide-table/index.js';
import { formatDay, todayInBank, type DayNumber } from '../../src/domain/dates.js';
import { alreadyHolds } from '../../src/domain/eligibility.js';
import { UsageError } from '../../src/errors.js';
import type { LoadedModel } from '../../src/model-directory/model-directory.js';
import { databaseFileProblem } from '../../src/db/database-file.js';
import { CampaignUnavailableError, UnknownProductError } from '../errors.js';
import { BankNow } from '../live/bank-now.js';
import { offerableToday } from '../live/offerable-today.js';
import { onSale } from '../live/served-products.js';
import { loadExclusions } from './campaign-exclusions.js';
import { listLength, rankCandidates, writeCampaignFile } from './campaign-list.js';
import { describeSelection, type CampaignRequest } from './campaign-request.js';
import { scoreLaunchedProduct } from './score-launched-product.js';
import { scoreProduct } from './score-product.js';

export const AUDIT_ACTION = 'campaign.export';

/** The API answers it 404 `unknown_product`; the CLI exits 2. */
export { UnknownProductError };

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
}

export interface CampaignExport {
  auditId: number;
  file: string;
  sha256: string;
  bytes: number;
  asOf: string;
  /** Customers in the snapshot, candidates after every exclusion, and rows written. */
  customers: number;
  candidates: number;
  rows: number;
  excluded: ExclusionCounts;
  /** Sum of the listed customers' probabilities: the buyers the model expects the list to reach. */
  expectedBuyers: number;
  seconds: number;
}

export interface ExportOptions {
  snapshot: string;
  /** The snapshot's header when already read and verified (the served set); read from `snapshot` when absent. */
  snapshotHeader?: WideTableHeader;
  out: string;
  models: CampaignModels;
  /** Who asked, for the audit record: "cli", or "api:NAME" with the API key holder's name (never the key). */
  requestedBy: string;
  /** The bank's state now (the served set's, kept current by the change feed); read from the database when absent. */
  bank?: BankNow;
  /** The bank day the list is for (default: today, never before the snapshot's day). */
  today?: DayNumber;
  /**
   * Computes rows the snapshot lacks (the feature stage's live row source): a product launched after
   * the snapshot was built is scored from them. Without it, such a product is refused.
   */
  liveRows?: LiveRowSource;
  onPhase?: (phase: string) => void;
}

/** The audit record of a list must last: into a database file deleted or replaced under us, it would not (503). */
function refuseIfRecordWouldBeLost(knex: Knex): void {
  const problem = databaseFileProblem(knex);
  if (problem) throw new CampaignUnavailableError(`${problem}: the export's audit record cannot be stored durably, so the list is not kept`);
}

export function checkModelTasks(models: CampaignModels): void {
  if (models.choice.card.task !== 'choice')
    throw new UsageError(`model ${models.choice.card.version} is a ${models.choice.card.task} model, not the recommender`);
  if (models.demand.card.task !== 'demand')
    throw new UsageError(`model ${models.demand.card.version} is not a demand model (wealthrec demand train --promote)`);
}

export async function exportCampaign(knex: Knex, request: CampaignRequest, options: ExportOptions): Promise<CampaignExport> {
  const started = performance.now();
  checkModelTasks(options.models);
  const product = await knex('products').first('product_id', 'sale_start_day', 'sale_end_day').where('product_id', request.productId);
  if (!product) throw new UnknownProductError(`unknown product "${request.productId}": it is not in the products table`);

  // From the footer alone: a product off sale is refused before a large snapshot is read.
  const header = options.snapshotHeader ?? (await readWideTableHeader(options.snapshot));
  const asOf = header.meta.toDay;
  const today = options.today ?? Math.max(todayInBank(), asOf);
  const inWindow = (day: DayNumber) => product.sale_start_day <= day && (product.sale_end_day === null || day <= product.sale_end_day);
  // On the snapshot's shelf, or launched after it was built (on sale today, not on the shelf it records).
  const shelf = header.meta.extra?.shelf;
  const onShelf = Array.isArray(shelf) ? shelf.includes(request.productId) : inWindow(asOf);
  const launched = !onShelf && inWindow(today);
  if (!onShelf && !launched) {
    throw new UsageError(`product ${request.productId} is not on sale on the snapshot's day ${formatDay(asOf)}: build a snapshot of a day in its sale window`);
  }

  // The rules of the day, on the bank's state now: the snapshot's rows are as of its day.
  const bank = options.bank ?? (await BankNow.load(knex, asOf, new Map()));
  const served = bank.products.get(request.productId);
  if (!served || !onSale(served, today)) {
    throw new UsageError(
      `product ${request.productId} is not on sale today (${formatDay(today)}): its sale window or the products table changed since the snapshot`,
    );
  }

  options.onPhase?.('scoring');
  if (launched && !options.liveRows) {
    throw new UsageError(
      `product ${request.productId} was launched after the snapshot of ${formatDay(asOf)} was built: export it once tonight's snapshot is built`,
    );
  }
  const scored =
    launched && options.liveRows
      ? await scoreLaunchedProduct(knex, options.liveRows, request.productId, today, options.models)
      : await scoreProduct(options.snapshot, request.productId, options.models.choice, options.models.demand, header);

  options.onPhase?.('exclusions');
  const exclusions = await loadExclusions(knex, request.channel, asOf, request.capDays);
  const excluded: ExclusionCounts = {
    notEligible: scored.snapshotCustomers - scored.customerIds.length - scored.alreadyBought,
    alreadyBought: scored.alreadyBought,
    optedOut: 0,
    contactedRecently: 0,
  };
  const ranked = rankCandidates(scored.customerIds, scored.scores, (i) => {
    const id = scored.customerIds[i];
    const customer = bank.customer(id);
    if (customer && alreadyHolds(customer.boughtSince.includes(request.productId) ? 1 : 0, served.facts.termDays)) {
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
    return true;
  });
  const rows = listLength(request, ranked);
  let expectedBuyers = 0;
  for (let k = 0; k < rows; k++) expectedBuyers += ranked.scores[ranked.order[k]];

  options.onPhase?.('writing');
  const written = await writeCampaignFile(options.out, ranked, rows);
  const result: Omit<CampaignExport, 'auditId' | 'seconds'> = {
    file: options.out,
    sha256: written.sha256,
    bytes: written.bytes,
    asOf: formatDay(asOf),
    customers: scored.snapshotCustomers,
    candidates: ranked.order.length,
    rows,
    excluded,
    expectedBuyers,
  };
  let renamed = false;
  try {
    const auditId = await knex.transaction(async (trx) => {
      const details = {
        request,
        selection: describeSelection(request),
        file: basename(options.out),
        sha256: written.sha256,
        rows,
        customers: result.customers,
        candidates: result.candidates,
        excluded,
        expectedBuyers: Math.round(expectedBuyers * 100) / 100,
        asOf: result.asOf,
        snapshot: basename(options.snapshot),
        models: { choice: options.models.choice.card.version, demand: options.models.demand.card.version },
        requestedBy: options.requestedBy,
      };
      // Without returning(): SQLite and MySQL both answer [the new id] (MySQL has no RETURNING).
      const [id] = await trx('audit_log').insert({
        at: new Date().toISOString(),
        action: AUDIT_ACTION,
        subject: request.productId,
        details: JSON.stringify(details),
      });
      refuseIfRecordWouldBeLost(knex);
      // Renamed inside the transaction: if the rename fails the record is rolled back with it.
      await written.commit();
      renamed = true;
      return Number(id);
    });
    // Committed into a SQLite file deleted or replaced meanwhile, the record is lost: so is the list.
    refuseIfRecordWouldBeLost(knex);
    return { ...result, auditId, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    // The record did not commit: the list must not stay either.
    if (renamed) await rm(options.out, { force: true });
    else await written.discard();
    throw err;
  }
}
