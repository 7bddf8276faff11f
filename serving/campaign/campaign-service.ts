/**
 * The campaign export behind the API: on the models and snapshot the server has loaded (a lease on
 * the served set's CampaignSet, so a reload cannot dispose them mid-export), one export at a time per
 * requester (an API key: scoring a big snapshot takes seconds of a core, and one caller should not
 * take them all; another key is not held up), each written into the exports folder under a name of
 * its own and kept there (export-retention.ts deletes it after the retention period), like the
 * command line's, with its audit record naming the key's holder (never the key). The console's
 * preview scores as an export does, so it shares the export's one-at-a-time rule; its list of the
 * products on sale reads only the served set's bank state.
 */
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Knex } from 'knex';
import { log } from '../../src/log.js';
import { WideTableFormatError } from '../../src/wide-table/index.js';
import { BusyError, CampaignUnavailableError } from '../errors.js';
import type { ServedCampaignLease } from './campaign-set.js';
import type { CampaignAudience, CampaignRequest } from './campaign-request.js';
import { exportCampaign, type CampaignExport } from './export-campaign.js';
import { previewCampaign, type CampaignPreview } from './preview-campaign.js';
import { productsOnSale, type ProductsOnSale } from './products-on-sale.js';
import type { RankOptions } from './rank-campaign.js';

export interface CampaignService {
  /**
   * `requestedBy` names who asks (the audit record's field; `api:NAME` for a key) and is the unit of
   * concurrency. Rejects with a WealthrecError the API answers as it is: BusyError while an export
   * of the same requester runs,
   * NotReadyError or CampaignUnavailableError when the served set cannot export, UnknownProductError,
   * UsageError for a product off sale.
   */
  export(request: CampaignRequest, requestedBy: string): Promise<CampaignExport>;
  /** The list's curve and exclusions without writing or recording it; rejects as `export` does. */
  preview(audience: CampaignAudience, requestedBy: string): Promise<CampaignPreview>;
  /** The products on sale on the served day, for the console's picker. */
  productsOnSale(): Promise<ProductsOnSale>;
}

/** Where the models and snapshot come from: the served set (LiveServingState). */
export interface CampaignSource {
  /** A lease on the served set's campaign models and snapshot; rejects with a 503 error saying why there is none. */
  leaseCampaignSet(): Promise<ServedCampaignLease>;
}

export interface CampaignServiceConfig {
  knex: Knex;
  source: CampaignSource;
  exportsDir: string;
}

export function createCampaignService(config: CampaignServiceConfig): CampaignService {
  /** What each requester has running: one scoring run at a time per requester. */
  const running = new Map<string, 'export' | 'preview'>();
  /** Runs `work` on a lease of the served set, released after; a snapshot broken in place is the server's problem (503). */
  const onLease = async <T>(work: (lease: ServedCampaignLease) => Promise<T>): Promise<T> => {
    const lease = await config.source.leaseCampaignSet();
    try {
      return await work(lease);
    } catch (err) {
      // The file the set was loaded from, broken in place since (same inode, size and mtime): the
      // server's problem, not the request's, and recommendations keep their scores from the load.
      if (err instanceof WideTableFormatError) {
        log.error({ err }, 'campaign export: the served snapshot cannot be read');
        throw new CampaignUnavailableError(
          `the served snapshot ${basename(lease.snapshot.path)} can no longer be read: rebuild it (wealthrec features snapshot); recommendations are not affected`,
          { cause: err },
        );
      }
      throw err;
    } finally {
      lease.release();
    }
  };
  /** Checked and set before any await, so two requests of one key arriving together cannot both start. */
  const oneAtATime = async <T>(requestedBy: string, kind: 'export' | 'preview', work: () => Promise<T>): Promise<T> => {
    const busy = running.get(requestedBy);
    if (busy) throw new BusyError(`another campaign ${busy} of this API key is running: retry when it ends`);
    running.set(requestedBy, kind);
    try {
      return await work();
    } finally {
      running.delete(requestedBy);
    }
  };
  const exportOnLease = (request: CampaignRequest, requestedBy: string): Promise<CampaignExport> =>
    onLease(async (lease) => {
      await mkdir(config.exportsDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      // The requester in the name too: two keys exporting the same list in the same millisecond get two files.
      const out = join(config.exportsDir, `${safeName(request.productId)}-${request.channel}-${stamp}-${safeName(requestedBy)}.csv`);
      return await exportCampaign(config.knex, request, { ...rankingOn(lease), out, requestedBy });
    });
  return {
    export: (request, requestedBy) => oneAtATime(requestedBy, 'export', () => exportOnLease(request, requestedBy)),
    preview: (audience, requestedBy) => oneAtATime(requestedBy, 'preview', () => onLease((lease) => previewCampaign(config.knex, audience, rankingOn(lease)))),
    productsOnSale: () => onLease(async (lease) => productsOnSale(lease.bank, lease.today)),
  };
}

/** What the ranking reads from a lease: the served set's models, snapshot, bank state and day. */
function rankingOn(lease: ServedCampaignLease): RankOptions {
  return {
    snapshot: lease.snapshot.path,
    snapshotHeader: lease.snapshot.header,
    models: lease.models,
    bank: lease.bank,
    today: lease.today,
    liveRows: lease.liveRows,
  };
}

/** A part of a file name: letters, digits, "_" and "-" only. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}
