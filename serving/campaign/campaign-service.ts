/**
 * The campaign export behind the API: on the models and snapshot the server has loaded (a lease on
 * the served set's CampaignSet, so a reload cannot dispose them mid-export), one export at a time per
 * requester (an API key: scoring a big snapshot takes seconds of a core, and one caller should not
 * take them all; another key is not held up), each written into the exports folder under a name of
 * its own and kept there (export-retention.ts deletes it after the retention period), like the
 * command line's, with its audit record naming the key's holder (never the key).
 */
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Knex } from 'knex';
import { log } from '../../src/log.js';
import { WideTableFormatError } from '../../src/wide-table/index.js';
import { BusyError, CampaignUnavailableError } from '../errors.js';
import type { ServedCampaignLease } from './campaign-set.js';
import type { CampaignRequest } from './campaign-request.js';
import { exportCampaign, type CampaignExport } from './export-campaign.js';

export interface CampaignService {
  /**
   * `requestedBy` names who asks (the audit record's field; `api:NAME` for a key) and is the unit of
   * concurrency. Rejects with a WealthrecError the API answers as it is: BusyError while an export
   * of the same requester runs,
   * NotReadyError or CampaignUnavailableError when the served set cannot export, UnknownProductError,
   * UsageError for a product off sale.
   */
  export(request: CampaignRequest, requestedBy: string): Promise<CampaignExport>;
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
  const running = new Set<string>();
  const exportOnLease = async (request: CampaignRequest, requestedBy: string): Promise<CampaignExport> => {
    const lease = await config.source.leaseCampaignSet();
    try {
      await mkdir(config.exportsDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      // The requester in the name too: two keys exporting the same list in the same millisecond get two files.
      const out = join(config.exportsDir, `${safeName(request.productId)}-${request.channel}-${stamp}-${safeName(requestedBy)}.csv`);
      return await exportCampaign(config.knex, request, {
        snapshot: lease.snapshot.path,
        snapshotHeader: lease.snapshot.header,
        out,
        models: lease.models,
        requestedBy,
        bank: lease.bank,
        today: lease.today,
        liveRows: lease.liveRows,
      });
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
  return {
    async export(request, requestedBy) {
      // Checked and set before any await, so two requests of one key arriving together cannot both start.
      if (running.has(requestedBy)) throw new BusyError('another campaign export of this API key is running: retry when it ends');
      running.add(requestedBy);
      try {
        return await exportOnLease(request, requestedBy);
      } finally {
        running.delete(requestedBy);
      }
    },
  };
}

/** A part of a file name: letters, digits, "_" and "-" only. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}
