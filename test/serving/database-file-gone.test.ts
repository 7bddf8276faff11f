/**
 * The SQLite file deleted or replaced under a running server: readiness says so (503), and an export
 * whose audit record would go into the unlinked file is refused (503) with its list removed: never a
 * list without its record.
 */
import { copyFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyChecker } from '../../serving/api-keys.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { createApp } from '../../serving/app.js';
import { createCampaignService } from '../../serving/campaign/campaign-service.js';
import { LiveServingState } from '../../serving/serving-state.js';
import { migrateToLatest, openDatabase, rememberDatabaseFile } from '../../src/db/index.js';
import { addDemandChampion, prepareServedBank, type ServedBank } from './served-bank.js';

const KEY = 'gone-key-0123456789abcdefghijklmn';
let bank: ServedBank;
let knex: Knex;
let state: LiveServingState;
let app: ReturnType<typeof createApp>;
const exportsDir = () => join(bank.dir, 'exports');
const dbFile = () => bank.dbUrl.slice('sqlite:'.length);

beforeAll(async () => {
  bank = await prepareServedBank({ customers: 200, days: 100, seed: 8 });
  await addDemandChampion(bank);
  knex = openDatabase(bank.dbUrl, { mustExist: true }).knex;
  await migrateToLatest(knex);
  rememberDatabaseFile(knex);
  state = new LiveServingState(knex, { modelsRoot: bank.models, snapshotPath: bank.snapshot, today: () => bank.asOf });
  await state.reload();
  app = createApp({ state, checkKey: keyChecker(developmentKeys([KEY])), campaigns: createCampaignService({ knex, source: state, exportsDir: exportsDir() }) });
}, 240_000);
afterAll(async () => {
  state?.dispose();
  await knex?.destroy();
  if (bank) rmSync(bank.dir, { recursive: true, force: true });
});

const product = async () =>
  (
    await knex('products')
      .where('sale_start_day', '<=', bank.asOf)
      .andWhere((q) => q.whereNull('sale_end_day').orWhere('sale_end_day', '>=', bank.asOf))
      .first('product_id')
  ).product_id as string;
const exportList = async () =>
  request(app)
    .post('/v1/campaigns:export')
    .set('X-API-Key', KEY)
    .send({ productId: await product(), channel: 'sms', top: 50, capDays: 0 });
const lists = () => readdirSync(exportsDir()).filter((f) => f.endsWith('.csv'));

describe('the SQLite file gone under a running server', () => {
  it('exports with a durable record while the file is in place', async () => {
    await request(app).get('/readyz').expect(200);
    const res = await exportList();
    expect(res.status).toBe(200);
    expect(lists()).toHaveLength(1);
  });

  it('says so in readiness, and refuses an export, leaving no list, once the file is replaced', async () => {
    const file = dbFile();
    copyFileSync(file, `${file}.copy`);
    renameSync(`${file}.copy`, file); // the same bytes under a new inode: the connection still has the old one
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.reasons.join(' ')).toMatch(/the database file .* was replaced since it was opened/);
    const before = lists();
    const res = await exportList();
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('campaign_unavailable');
    expect(res.body.error.message).toMatch(/audit record cannot be stored durably, so the list is not kept/);
    expect(lists()).toEqual(before);
  });

  it('says so in readiness once the file is deleted, and refuses exports', async () => {
    rmSync(dbFile());
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.reasons.join(' ')).toMatch(/the database file .* is gone/);
    const before = lists();
    expect((await exportList()).status).toBe(503);
    expect(lists()).toEqual(before);
  });
});
