/** The campaign export from the command line and the demo: loads both champions, writes the list with its audit record, and prints what was excluded. */
import { openLiveRowSource } from '../features/live-rows.js';
import { loadCampaignModels } from '../serving/campaign/campaign-models.js';
import type { CampaignRequest } from '../serving/campaign/campaign-request.js';
import { exportCampaign, type CampaignExport } from '../serving/campaign/export-campaign.js';
import { withDatabase } from '../src/db/with-database.js';
import type { DayNumber } from '../src/domain/dates.js';
import { selectBackend, type BackendName } from '../src/tf-backend/select-backend.js';

export interface CampaignExportFlags {
  snapshot: string;
  out: string;
  models?: string;
  db?: string;
  backend: BackendName | 'auto';
  /** The bank day the list is for (default: today in bank time, never before the snapshot's day). */
  today?: DayNumber;
}

export async function runCampaignExport(request: CampaignRequest, flags: CampaignExportFlags): Promise<CampaignExport> {
  await selectBackend(flags.backend);
  const models = await loadCampaignModels(flags.models);
  try {
    return await withDatabase(
      flags.db,
      async (knex) => {
        const result = await exportCampaign(knex, request, {
          snapshot: flags.snapshot,
          out: flags.out,
          models,
          requestedBy: 'cli',
          today: flags.today,
          liveRows: await openLiveRowSource(knex),
        });
        printCampaignExport(result);
        return result;
      },
      { mustExist: true },
    );
  } finally {
    models.choice.scoring.dispose();
    models.demand.scoring.dispose();
  }
}

export function printCampaignExport(e: CampaignExport): void {
  const n = (x: number) => x.toLocaleString('en');
  console.log(`campaign list as of ${e.asOf}: ${n(e.rows)} customers -> ${e.file} (sha256 ${e.sha256}, audit record ${e.auditId}, ${e.seconds.toFixed(1)} s)`);
  console.log(`  ${n(e.customers)} customers in the snapshot; ${n(e.candidates)} candidates after excluding:`);
  console.log(`    ${n(e.excluded.notEligible)} not allowed to buy it (risk level, 新客/老客 rules)`);
  console.log(`    ${n(e.excluded.alreadyBought)} already hold it`);
  console.log(`    ${n(e.excluded.optedOut)} opted out of this channel or of all marketing`);
  console.log(`    ${n(e.excluded.contactedRecently)} contacted within the frequency cap`);
  console.log(`  expected buyers in the list: ${e.expectedBuyers.toFixed(1)}`);
}
