/**
 * A campaign export, end to end: the product's ranked candidates (rank-campaign.ts: scored, with
 * whom the bank may not or should not contact left out), cut to the requested length, written as
 * the list, and the export recorded in audit_log. The file appears under its name only once its
 * audit record is committed: there is never a list without a record, nor a record of a list that
 * was not written.
 */
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Knex } from 'knex';
import { formatDay } from '../../src/domain/dates.js';
import { databaseFileProblem } from '../../src/db/database-file.js';
import { CampaignUnavailableError, UnknownProductError } from '../errors.js';
import { listLength, writeCampaignFile } from './campaign-list.js';
import { describeSelection, type CampaignRequest } from './campaign-request.js';
import { expectedBuyersOf, rankCampaign, type ExclusionCounts, type RankOptions } from './rank-campaign.js';

export const AUDIT_ACTION = 'campaign.export';

/** The API answers it 404 `unknown_product`; the CLI exits 2. */
export { UnknownProductError };
export { checkModelTasks, type CampaignModels, type ExclusionCounts } from './rank-campaign.js';

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

export interface ExportOptions extends RankOptions {
  out: string;
  /** Who asked, for the audit record: "cli", or "api:NAME" with the API key holder's name (never the key). */
  requestedBy: string;
}

/** The audit record of a list must last: into a database file deleted or replaced under us, it would not (503). */
function refuseIfRecordWouldBeLost(knex: Knex): void {
  const problem = databaseFileProblem(knex);
  if (problem) throw new CampaignUnavailableError(`${problem}: the export's audit record cannot be stored durably, so the list is not kept`);
}

export async function exportCampaign(knex: Knex, request: CampaignRequest, options: ExportOptions): Promise<CampaignExport> {
  const started = performance.now();
  const { asOf, customers, ranked, excluded } = await rankCampaign(knex, request, { ...options, withReasons: request.withReasons === true });
  const rows = listLength(request, ranked);
  const expectedBuyers = expectedBuyersOf(ranked, rows);

  options.onPhase?.('writing');
  const written = await writeCampaignFile(options.out, ranked, rows);
  const result: Omit<CampaignExport, 'auditId' | 'seconds'> = {
    file: options.out,
    sha256: written.sha256,
    bytes: written.bytes,
    asOf: formatDay(asOf),
    customers,
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
        // The window the scores are probabilities for: the list's results compare buyers within it (campaign-results.ts).
        horizonDays: options.models.demand.card.target?.horizonDays ?? null,
        requestedBy: options.requestedBy,
        ...(options.segment ? { segment: options.segment.name } : {}),
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
