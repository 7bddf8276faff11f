/**
 * The campaign loop from the command line: `campaign sent` records an exported list as sent,
 * `campaign results` measures it once its window has closed, `campaign lists` shows every export
 * with its send and results. The work is serving/campaign's, shared with the API; this file opens the
 * database and prints.
 */
import { existsSync } from 'node:fs';
import { campaignResults, type CampaignResults } from '../serving/campaign/campaign-results.js';
import { listPastCampaigns, type PastCampaign } from '../serving/campaign/past-campaigns.js';
import { recordCampaignSent, type CampaignSent, type ListRef } from '../serving/campaign/record-campaign-sent.js';
import { withDatabase } from '../src/db/with-database.js';
import type { DayNumber } from '../src/domain/dates.js';

/** Where `wealthrec serve` keeps its exports unless told otherwise (serve --exports-dir). */
export const DEFAULT_EXPORTS_DIR = './exports';

export interface CampaignSentFlags {
  day?: DayNumber;
  /** Folders to find a list given by audit id in (default: ./exports, the server's default). */
  exportsDir?: string[];
  db?: string;
}

/** A path names a file; digits that are not a file's name are an audit id. */
export function listRefOf(text: string): ListRef {
  return /^[1-9][0-9]{0,9}$/.test(text) && !existsSync(text) ? Number(text) : text;
}

export async function runCampaignSent(list: string, flags: CampaignSentFlags): Promise<CampaignSent> {
  return withDatabase(
    flags.db,
    async (knex) => {
      const sent = await recordCampaignSent(knex, listRefOf(list), {
        day: flags.day,
        requestedBy: 'cli',
        listsDirs: flags.exportsDir?.length ? flags.exportsDir : [DEFAULT_EXPORTS_DIR],
      });
      console.log(
        sent.alreadyRecorded
          ? `list ${sent.auditId} had been recorded as sent on ${sent.day}: nothing recorded again`
          : `list ${sent.auditId} recorded as sent on ${sent.day}: ${sent.recorded.toLocaleString('en')} messages, each a contact the frequency cap now sees${sent.skipped ? ` (${sent.skipped.toLocaleString('en')} customers erased since the export left out)` : ''}`,
      );
      return sent;
    },
    { mustExist: true },
  );
}

export interface CampaignResultsFlags {
  window?: number;
  json?: boolean;
  db?: string;
}

export async function runCampaignResults(auditId: number, flags: CampaignResultsFlags): Promise<CampaignResults> {
  return withDatabase(
    flags.db,
    async (knex) => {
      const results = await campaignResults(knex, auditId, { windowDays: flags.window });
      console.log(flags.json ? JSON.stringify(results, null, 2) : formatCampaignResults(results));
      return results;
    },
    { mustExist: true },
  );
}

const ratio = (r: number | null) => (r === null ? '-' : r.toFixed(2));
const share = (s: number | null) => (s === null ? '-' : `${(100 * s).toFixed(1)}%`);

/** A table per decile and in total, then the gain curve. */
export function formatCampaignResults(r: CampaignResults): string {
  const rows = [
    ['decile', 'messages', 'buyers', 'expected', 'actual/expected'],
    ...r.deciles.map((d) => [String(d.decile), String(d.messages), String(d.buyers), d.expectedBuyers.toFixed(2), ratio(d.ratio)]),
    ['total', String(r.total.messages), String(r.total.buyers), r.total.expectedBuyers.toFixed(2), ratio(r.total.ratio)],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [
    `list ${r.auditId}: ${r.productId} by ${r.channel}, as of ${r.asOf}, sent ${r.sentDay}; buyers of ${r.productId} from ${r.windowFrom} to ${r.windowTo} (${r.windowDays} days)`,
    ...rows.map(line),
    '',
    'gain curve (share of the list, from its top -> share of its buyers):',
    ...r.gainCurve.map((p) => `  ${share(p.listShare).padStart(6)} (${p.messages} messages) -> ${share(p.buyersShare).padStart(6)} (${p.buyers} buyers)`),
  ].join('\n');
}

export interface CampaignListsFlags {
  window?: number;
  json?: boolean;
  db?: string;
}

export async function runCampaignLists(flags: CampaignListsFlags): Promise<PastCampaign[]> {
  return withDatabase(
    flags.db,
    async (knex) => {
      const lists = await listPastCampaigns(knex, { windowDays: flags.window });
      if (flags.json) console.log(JSON.stringify({ lists }, null, 2));
      else if (lists.length === 0) console.log('no campaign list has been exported');
      else for (const l of lists) console.log(formatPastCampaign(l));
      return lists;
    },
    { mustExist: true },
  );
}

function formatPastCampaign(l: PastCampaign): string {
  const head = `${String(l.auditId).padStart(5)}  ${l.exportedAt.slice(0, 10)}  ${l.productId} by ${l.channel}, as of ${l.asOf}: ${l.rows} rows, ${l.expectedBuyers.toFixed(1)} expected buyers`;
  if (!l.sent || !l.results) return `${head}; not recorded as sent`;
  const outcome = l.results.closed
    ? `${l.results.buyers} bought within ${l.results.windowDays} days against ${l.results.expectedBuyers.toFixed(1)} expected`
    : `results from ${l.results.closesOn}`;
  return `${head}; sent ${l.sent.day} (${l.sent.messages} messages), ${outcome}`;
}
