/**
 * The customer's data rights on SQLite and MariaDB alike: an export holds everything the system has
 * about the customer and is audited under a pseudonym; an erasure deletes every row of theirs, is
 * recorded under the pseudonym only, pseudonymises the kept campaign lists, stops a running server
 * answering for them at its next poll, and is harmless the second time.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, keyChecker } from '../../serving/api-keys.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { createApp } from '../../serving/app.js';
import { loadCampaignModels } from '../../serving/campaign/campaign-models.js';
import { campaignRequestSchema } from '../../serving/campaign/campaign-request.js';
import { exportCampaign } from '../../serving/campaign/export-campaign.js';
import { createCustomerErasure } from '../../serving/customer-erasure.js';
import { LiveServingState } from '../../serving/serving-state.js';
import { UnknownCustomerIdError } from '../../src/bank/erase-customer.js';
import { pseudonymiser } from '../../src/db/pseudonym.js';
import { runCustomerErase, runCustomerExport } from '../../workflows/customer-data-rights.js';
import { addDemandChampion, prepareServedBank, type ServedBank } from '../serving/served-bank.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/test-database.js';

const KEY = 'data-rights-key-0123456789abcdefgh';
const BANK_TABLES = ['customers', 'purchases', 'deposits', 'loans', 'salaries', 'contacts', 'campaign_sends', 'impressions', 'opt_outs'];

export function defineDataRightsSuite(backend: Backend, available: () => boolean): void {
  describe.runIf(available())(`the customer's data rights on ${backend}`, () => {
    let db: TestDatabase;
    let knex: Knex;
    let bank: ServedBank;
    let exportsDir: string;
    let listFile: string;
    let customer: string;
    let state: LiveServingState;
    const erasedFromServer: string[] = [];

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      knex = db.knex;
      bank = await prepareServedBank({ customers: 200, days: 100, seed: 12, dbUrl: db.url });
      await addDemandChampion(bank);
      exportsDir = join(bank.dir, 'exports');
      // A campaign list on record: the export audit that names the list, the list that names the customers.
      const product = (
        await knex('products')
          .where('sale_start_day', '<=', bank.asOf)
          .andWhere((q) => q.whereNull('sale_end_day').orWhere('sale_end_day', '>=', bank.asOf))
          .first('product_id')
      ).product_id;
      const models = await loadCampaignModels(bank.models);
      listFile = join(exportsDir, 'list.csv');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(exportsDir, { recursive: true });
      await exportCampaign(knex, campaignRequestSchema.parse({ productId: product, channel: 'sms', top: 50, capDays: 0 }), {
        snapshot: bank.snapshot,
        out: listFile,
        models,
        requestedBy: 'test',
        today: bank.asOf,
      });
      models.choice.scoring.dispose();
      models.demand.scoring.dispose();
      customer = readFileSync(listFile, 'utf8').split('\n')[1].split(',')[0];
      // A list served to them, in the recommendation log.
      await knex('impressions').insert({
        served_at: new Date().toISOString(),
        served_day: bank.asOf,
        customer_id: customer,
        experiment: null,
        arm: null,
        model_version: bank.version,
        items: JSON.stringify([{ productId: product, rank: 1, score: 0.5 }]),
      });
      state = new LiveServingState(knex, {
        modelsRoot: bank.models,
        snapshotPath: bank.snapshot,
        today: () => bank.asOf,
        onErased: (ids) => erasedFromServer.push(...ids),
      });
      await state.reload();
    }, 240_000);

    afterAll(async () => {
      state?.dispose();
      await db?.drop();
      if (bank) rmSync(bank.dir, { recursive: true, force: true });
    });

    const rowsOf = async (id: string) =>
      Object.fromEntries(await Promise.all(BANK_TABLES.map(async (t) => [t, Number((await knex(t).where('customer_id', id).count({ n: '*' }))[0].n)])));

    it('exports everything held about the customer into a new folder, and audits it under a pseudonym', async () => {
      const out = join(bank.dir, 'subject-access');
      const { files } = await runCustomerExport(customer, { out, db: db.url, snapshot: bank.snapshot, models: bank.models, exportsDir: [exportsDir] });
      const counts = await rowsOf(customer);
      for (const table of BANK_TABLES) {
        expect(files[`bank/${table}.csv`]).toBe(counts[table]);
        const lines = readFileSync(join(out, 'bank', `${table}.csv`), 'utf8')
          .trim()
          .split('\n');
        expect(lines.length - 1).toBe(counts[table]);
        for (const line of lines.slice(1)) expect(line).toContain(customer);
      }
      // Dates and money as a person reads them.
      expect(readFileSync(join(out, 'bank', 'customers.csv'), 'utf8').split('\n')[0]).toContain('open_date');
      expect(files['snapshot-rows.csv']).toBeGreaterThan(0);
      expect(readFileSync(join(out, 'snapshot-rows.csv'), 'utf8').split('\n')[0]).toMatch(/,score$/);
      expect(files['campaign-lists.csv']).toBe(1);
      expect(readFileSync(join(out, 'README.txt'), 'utf8')).toMatch(/bank\/impressions.csv: the recommendation log/);
      expect(existsSync(`${out}.partial`)).toBe(false);
      const pseudonym = (await pseudonymiser(knex))(customer);
      const audit = await knex('audit_log').where('action', 'customer.export').first();
      expect(audit.subject).toBe(pseudonym);
      expect(JSON.stringify(audit)).not.toContain(customer);
      await expect(runCustomerExport(customer, { out, db: db.url })).rejects.toThrow(/exists: a data-subject export goes into a new folder/);
      await expect(runCustomerExport('NO-SUCH-CUSTOMER', { out: join(bank.dir, 'nobody'), db: db.url })).rejects.toBeInstanceOf(UnknownCustomerIdError);
      expect(existsSync(join(bank.dir, 'nobody'))).toBe(false);
    });

    it('erases every row of theirs in one step, recorded under the pseudonym only, pseudonymising the kept list', async () => {
      const before = await rowsOf(customer);
      const erasure = await runCustomerErase(customer, { db: db.url, exportsDir: [exportsDir] });
      expect(erasure.erasedNow).toBe(true);
      expect(erasure.rowsDeleted).toEqual(before);
      expect(Object.values(await rowsOf(customer)).every((n) => n === 0)).toBe(true);
      const pseudonym = (await pseudonymiser(knex))(customer);
      expect(erasure.subject).toBe(pseudonym);
      const records = JSON.stringify([...(await knex('customer_erasures').select('*')), ...(await knex('audit_log').select('*'))]);
      expect(records).toContain(pseudonym);
      expect(records).not.toContain(customer);
      expect(erasure.listsRewritten).toBe(1);
      const list = readFileSync(listFile, 'utf8');
      expect(list).not.toContain(customer);
      expect(list).toContain(pseudonym);
      expect(readdirSync(exportsDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    });

    it('stops a running server answering for the customer at its next poll', async () => {
      const app = createApp({ state, checkKey: keyChecker(developmentKeys([KEY])) });
      await state.applyChanges();
      expect(erasedFromServer).toEqual([customer]);
      await request(app).get(`/v1/customers/${customer}/recommendations`).set('X-API-Key', KEY).expect(404);
    });

    it('erases over HTTP with the admin scope only: rows gone, list pseudonymised, answers dropped at once, twice harmless', async () => {
      // Another customer of the kept list, still served.
      const other = readFileSync(listFile, 'utf8').split('\n')[2].split(',')[0];
      expect(other).not.toBe(customer);
      const adminKey = 'admin-key-0123456789abcdefghijklmnop';
      const readerKey = 'reader-key-0123456789abcdefghijklmno';
      const app = createApp({
        state,
        checkKey: keyChecker([
          { name: 'dpo-desk', scopes: ['admin'], hash: hashApiKey(adminKey) },
          { name: 'wechat', scopes: ['recommendations'], hash: hashApiKey(readerKey) },
        ]),
        erasure: createCustomerErasure({ knex, exportsDir, state }),
      });
      await request(app).get(`/v1/customers/${other}/recommendations`).set('X-API-Key', readerKey).expect(200);
      // A key without the admin scope erases nothing.
      await request(app).delete(`/v1/customers/${other}`).set('X-API-Key', readerKey).expect(403);
      expect((await rowsOf(other)).customers).toBe(1);

      const before = await rowsOf(other);
      const res = await request(app).delete(`/v1/customers/${other}`).set('X-API-Key', adminKey).expect(200);
      const pseudonym = (await pseudonymiser(knex))(other);
      expect(res.body).toMatchObject({ erasedNow: true, pseudonym, rowsDeleted: before, listsPseudonymised: 1, droppedFromAnswers: true });
      expect(Object.values(await rowsOf(other)).every((n) => n === 0)).toBe(true);
      // Dropped from the answers by the call itself, not by a later poll.
      await request(app).get(`/v1/customers/${other}/recommendations`).set('X-API-Key', readerKey).expect(404);
      expect(readFileSync(listFile, 'utf8')).not.toContain(`${other},`);
      const erasure = await knex('audit_log').where({ action: 'customer.erase', subject: pseudonym }).first();
      expect(JSON.parse(erasure.details).requestedBy).toBe('api:dpo-desk');
      expect(JSON.stringify(await knex('audit_log').select('*'))).not.toContain(other);

      const again = await request(app).delete(`/v1/customers/${other}`).set('X-API-Key', adminKey).expect(200);
      expect(again.body).toMatchObject({ erasedNow: false, pseudonym, listsPseudonymised: 0 });
      const unknown = await request(app).delete('/v1/customers/NEVER-A-CUSTOMER').set('X-API-Key', adminKey).expect(404);
      expect(unknown.body.error.code).toBe('unknown_customer');
    });

    it('is harmless the second time, says so for an id never held, and an export after it says it was erased', async () => {
      const again = await runCustomerErase(customer, { db: db.url });
      expect(again.erasedNow).toBe(false);
      expect(Number((await knex('customer_erasures').where('subject', again.subject).count({ n: '*' }))[0].n)).toBe(1);
      await expect(runCustomerErase('NEVER-A-CUSTOMER', { db: db.url })).rejects.toThrow(/no customer with this id/);
      await expect(runCustomerExport(customer, { out: join(bank.dir, 'after'), db: db.url })).rejects.toThrow(/was erased on/);
    });
  });
}
