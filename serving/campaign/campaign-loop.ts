/**
 * The campaign loop behind the API: lists recorded as sent, their results, and the past lists, on
 * the server's database and exports folder. It needs no model: a server whose demand champion is
 * missing still records sends and reads results. Days are the server's bank day (`serve --today`
 * for a bank replayed from history).
 */
import type { Knex } from 'knex';
import { todayInBank, type DayNumber } from '../../src/domain/dates.js';
import { campaignResults, type CampaignResults } from './campaign-results.js';
import { listPastCampaigns, type PastCampaign } from './past-campaigns.js';
import { recordCampaignSent, type CampaignSent } from './record-campaign-sent.js';

export interface CampaignLoop {
  /** Records the list of export `auditId` (its file in the exports folder) as sent on `day` (default today). */
  recordSent(auditId: number, day: DayNumber | undefined, requestedBy: string): Promise<CampaignSent>;
  /** Rejects with UnknownCampaignError, CampaignNotSentError, or CampaignWindowOpenError saying when it closes. */
  results(auditId: number, windowDays?: number): Promise<CampaignResults>;
  listPast(windowDays?: number): Promise<PastCampaign[]>;
}

export interface CampaignLoopConfig {
  knex: Knex;
  /** Where the server's exports are kept (serve --exports-dir). */
  exportsDir: string;
  /** The bank day (default: today in bank time). */
  today?: () => DayNumber;
}

export function createCampaignLoop(config: CampaignLoopConfig): CampaignLoop {
  const today = () => (config.today ?? todayInBank)();
  return {
    recordSent: (auditId, day, requestedBy) => recordCampaignSent(config.knex, auditId, { day, requestedBy, today: today(), listsDirs: [config.exportsDir] }),
    results: (auditId, windowDays) => campaignResults(config.knex, auditId, { windowDays, today: today() }),
    listPast: (windowDays) => listPastCampaigns(config.knex, { windowDays, today: today() }),
  };
}
