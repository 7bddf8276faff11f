/** The campaign export from the command line and the demo: loads both champions, writes the list with its audit record, and prints what was excluded. */
import { openLiveRowSource } from '../features/live-rows.js';
import { loadCampaignModels } from '../serving/campaign/campaign-models.js';
import type { CampaignRequest } from '../serving/campaign/campaign-request.js';
import { exportCampaign, type CampaignExport } from '../serving/campaign/export-campaign.js';
import { CustomerSegments } from '../serving/customer-segments.js';
import { UsageError } from '../src/errors.js';
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
  /** Restrict the list to this segment (id or name) of the `segments` file. */
  segment?: string;
  segments?: string;
}

/** The members of the segment the flags name, or undefined without --segment. */
async function segmentOf(flags: CampaignExportFlags): Promise<{ name: string; members: Set<string> } | undefined> {
  if (flags.segment === undefined) return undefined;
  if (!flags.segments) throw new UsageError('--segment needs --segments FILE: the segmentation it is a segment of (wealthrec segments build)');
  const segmentation = await CustomerSegments.load(flags.segments);
  const members = segmentation.members(flags.segment);
  if (!members)
    throw new UsageError(
      `--segment: ${flags.segments} has no segment "${flags.segment}"; it has ${segmentation.model.cards.map((c) => `${c.id} ${c.name}`).join(', ')}`,
    );
  const card = segmentation.model.cards.find((c) => String(c.id) === flags.segment || c.name === flags.segment)!;
  return { name: `${card.id} ${card.name} (as of ${segmentation.model.asOf})`, members };
}

export async function runCampaignExport(request: CampaignRequest, flags: CampaignExportFlags): Promise<CampaignExport> {
  await selectBackend(flags.backend);
  const segment = await segmentOf(flags);
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
          segment,
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
  if (e.excluded.outsideSegment !== undefined) console.log(`    ${n(e.excluded.outsideSegment)} outside the segment`);
  console.log(`  expected buyers in the list: ${e.expectedBuyers.toFixed(1)}`);
}
