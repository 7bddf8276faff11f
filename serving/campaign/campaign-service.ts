/**
 * The campaign export behind the API: one export at a time (scoring a big snapshot takes seconds of
 * the one core), each written into the exports folder under a name of its own and kept there, like
 * the command line's, with its audit record naming the API key's label (never the key).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { loadCampaignModels } from './campaign-models.js';
import type { CampaignRequest } from './campaign-request.js';
import { exportCampaign, type CampaignExport } from './export-campaign.js';

export interface CampaignService {
  /** Null while another export runs. */
  export(request: CampaignRequest, requestedBy: string): Promise<CampaignExport> | null;
}

export interface CampaignServiceConfig {
  knex: Knex;
  modelsRoot: string;
  /** The snapshot served now: the export uses the same day's features. */
  snapshotPath: () => string;
  exportsDir: string;
}

export function createCampaignService(config: CampaignServiceConfig): CampaignService {
  let running = false;
  return {
    export(request, requestedBy) {
      if (running) return null;
      running = true;
      const work = async () => {
        await mkdir(config.exportsDir, { recursive: true });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const out = join(config.exportsDir, `${request.productId.replace(/[^A-Za-z0-9_-]/g, '_')}-${request.channel}-${stamp}.csv`);
        const models = await loadCampaignModels(config.modelsRoot);
        try {
          return await exportCampaign(config.knex, request, { snapshot: config.snapshotPath(), out, models, requestedBy });
        } finally {
          models.choice.scoring.dispose();
          models.demand.scoring.dispose();
        }
      };
      return work().finally(() => (running = false));
    },
  };
}
