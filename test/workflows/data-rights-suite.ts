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
import { keyChecker } from '../../serving/api-keys.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { createApp } from '../../serving/app.js';
import { loadCampaignModels } from '../../serving/campaign/campaign-models.js';
import { campaignRequestSchema } from '../../serving/campaign/campaign-request.js';
import { exportCampaign } from '../../serving/campaign/export-campaign.js';
import { LiveServingState } from '../../serving/serving-state.js';
import { UnknownCustomerIdError } from '../../src/bank/erase-customer.js';
import { pseudonymiser } from '../../src/db/pseudonym.js';
import { runCustomerErase, runCustomerExport } from '../../workflows/customer-data-rights.js';
import { addDemandChampion, prepareServedBank, type ServedBank } from '../serving/served-bank.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/test-database.js';

const KEY = 'data-rights-key-0123456789abcdefgh';
const BANK_TABLES = ['customers', 'purchases', 'deposits', 'loans', 'salaries', 'contacts', 'opt_outs'];

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
      expect(readFileSync(join(out, 'README.txt'), 'utf8')).toMatch(/Recommendation logs: this release keeps none/);
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

    it('is harmless the second time, says so for an id never held, and an export after it says it was erased', async () => {
      const again = await runCustomerErase(customer, { db: db.url });
      expect(again.erasedNow).toBe(false);
      expect(Number((await knex('customer_erasures').count({ n: '*' }))[0].n)).toBe(1);
      await expect(runCustomerErase('NEVER-A-CUSTOMER', { db: db.url })).rejects.toThrow(/no customer with this id/);
      await expect(runCustomerExport(customer, { out: join(bank.dir, 'after'), db: db.url })).rejects.toThrow(/was erased on/);
    });
  });
}
