/**
 * A served bank that can export campaigns (a recommender and a demand champion), and the API over
 * it as `wealthrec serve` wires it: a LiveServingState, the campaign service writing into an
 * exports folder, the campaign loop (sends, results, past lists), and keys by holder and scope. For
 * the console's tests: the preview and products routes, and the page in a browser.
 */
import { rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { hashApiKey, keyChecker } from '../../serving/api-keys.js';
import type { ApiScope } from '../../serving/api-scopes.js';
import { createApp } from '../../serving/app.js';
import { createCampaignLoop } from '../../serving/campaign/campaign-loop.js';
import { createCampaignService } from '../../serving/campaign/campaign-service.js';
import { LiveServingState } from '../../serving/serving-state.js';
import { openDatabase } from '../../src/db/index.js';
import type { DayNumber } from '../../src/domain/dates.js';
import { addDemandChampion, prepareServedBank, type ServedBank } from './served-bank.js';

/** The marketing team's key (the export scope), and a key of another team (recommendations only). */
export const MARKETING_KEY = 'marketing-key-0123456789abcdef0123456789';
export const OTHER_KEY = 'channel-key-0123456789abcdef01234567890';

export interface CampaignApp {
  bank: ServedBank;
  knex: Knex;
  state: LiveServingState;
  listener: RequestListener;
  exportsDir: string;
  /**
   * The campaign loop's today (sends and results; the bank's last day at first): moved on, a list
   * sent on the bank's last day has results to read, though the bank holds no day after it.
   */
  setLoopToday(day: DayNumber): void;
  close(): Promise<void>;
}

export async function prepareCampaignApp(o: { customers: number; days: number; seed: number }): Promise<CampaignApp> {
  const bank = await prepareServedBank(o);
  await addDemandChampion(bank);
  const knex = openDatabase(bank.dbUrl).knex;
  const state = new LiveServingState(knex, { modelsRoot: bank.models, snapshotPath: bank.snapshot, today: () => bank.asOf });
  await state.reload();
  const exportsDir = join(bank.dir, 'exports');
  const keys: Array<{ name: string; key: string; scopes: ApiScope[] }> = [
    { name: 'marketing', key: MARKETING_KEY, scopes: ['campaigns:export'] },
    { name: 'wechat-channel', key: OTHER_KEY, scopes: ['recommendations'] },
  ];
  let loopToday = bank.asOf;
  const listener = createApp({
    state,
    checkKey: keyChecker(keys.map((k) => ({ name: k.name, scopes: k.scopes, hash: hashApiKey(k.key) }))),
    campaigns: createCampaignService({ knex, source: state, exportsDir }),
    campaignLoop: createCampaignLoop({ knex, exportsDir, today: () => loopToday }),
    logger: pino({ level: 'silent' }),
  });
  return {
    bank,
    knex,
    state,
    listener,
    exportsDir,
    setLoopToday(day) {
      loopToday = day;
    },
    async close() {
      state.dispose();
      await knex.destroy();
      rmSync(bank.dir, { recursive: true, force: true });
    },
  };
}
