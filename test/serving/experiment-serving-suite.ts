/**
 * An experiment on a served bank: while it runs every answer names its experiment and the customer's
 * sticky arm, each arm answers with its own policy (the champion, another registered model, the
 * most bought products, the highest yield) among the products the customer may buy, the fast path
 * and Express answer alike, and every served list lands in the impression log; once stopped, answers
 * carry no experiment. On SQLite and MariaDB alike.
 */
import { rmSync } from 'node:fs';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyChecker } from '../../serving/api-keys.js';
import { recommendations } from '../../serving/api-schemas.js';
import { createApp } from '../../serving/app.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { assignArm } from '../../serving/experiments/assign-arm.js';
import { experimentOutcomes } from '../../serving/experiments/experiment-outcomes.js';
import { startExperiment, stopExperiment, type Experiment } from '../../serving/experiments/experiments-table.js';
import { ImpressionLog } from '../../serving/experiments/impression-log.js';
import { POPULARITY_DAYS } from '../../serving/experiments/live-experiment.js';
import { BankNow } from '../../serving/live/bank-now.js';
import { LiveServingState } from '../../serving/serving-state.js';
import { openDatabase } from '../../src/db/index.js';
import { DEFAULT_CUSTOMER_RISK } from '../../src/domain/eligibility.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/test-database.js';
import { addModelVersion, prepareServedBank, type ServedBank } from './served-bank.js';

const KEY = 'experiment-key-0123456789abcdef01234';
export function defineExperimentServingSuite(backend: Backend, available: () => boolean): void {
  describe.runIf(available())(`experiments served on ${backend}`, () => {
    let db: TestDatabase | null = null;
    let bank: ServedBank;
    let knex: Knex;
    let state: LiveServingState;
    let impressions: ImpressionLog;
    let challenger: string;
    let customerIds: string[];
    const risk = new Map<string, number>();
    const productRisk = new Map<string, number>();
    const yieldOf = new Map<string, number>();
    const dropped = { count: 0 };

    beforeAll(async () => {
      db = backend === 'mariadb' ? await createTestDatabase('mariadb') : null;
      bank = await prepareServedBank({ customers: 200, days: 100, seed: 21, dbUrl: db?.url });
      challenger = await addModelVersion(bank, 2);
      knex = openDatabase(bank.dbUrl).knex;
      state = new LiveServingState(knex, { modelsRoot: bank.models, snapshotPath: bank.snapshot, today: () => bank.asOf });
      await state.reload();
      impressions = new ImpressionLog(knex, { flushMs: 60_000, onDropped: (n) => (dropped.count += n) });
      customerIds = [...state.recommender()!.snapshot.customerIds].slice(0, 80);
      for (const c of await knex('customers').select('customer_id', 'risk_level')) risk.set(c.customer_id, c.risk_level ?? DEFAULT_CUSTOMER_RISK);
      for (const p of await knex('products').select('product_id', 'risk_level', 'expected_yield')) {
        productRisk.set(p.product_id, p.risk_level);
        yieldOf.set(p.product_id, p.expected_yield ?? -1);
      }
    }, 240_000);
    afterAll(async () => {
      await impressions?.stop();
      state?.dispose();
      await knex?.destroy();
      await db?.drop();
      if (bank) rmSync(bank.dir, { recursive: true, force: true });
    });

    const app = (fastPath: boolean) => createApp({ state, checkKey: keyChecker(developmentKeys([KEY])), impressions, fastPath });
    const get = (id: string, fastPath = true) => request(app(fastPath)).get(`/v1/customers/${id}/recommendations?n=3`).set('X-API-Key', KEY).expect(200);

    describe(`serving under an experiment`, () => {
      let experiment: Experiment;

      it('answers without an experiment while none runs, and logs the list', async () => {
        const res = await get(customerIds[0]);
        expect(res.body.experiment).toBeUndefined();
        await impressions.flush();
        const row = await knex('impressions').orderBy('id', 'desc').first();
        expect(row).toMatchObject({ customer_id: customerIds[0], experiment: null, arm: null, model_version: bank.version, served_day: bank.asOf });
        expect(JSON.parse(row.items)).toEqual(
          res.body.items.map((i: { productId: string; rank: number; score: number }) => ({
            productId: i.productId,
            rank: i.rank,
            score: expect.closeTo(i.score, 5),
          })),
        );
      });

      it('assigns each customer a sticky arm, and each arm answers with its policy among allowed products', async () => {
        experiment = await startExperiment(knex, {
          name: 'four-arms',
          arms: [
            { arm: 'champion', weight: 1, policy: { kind: 'champion' } },
            { arm: 'popularity', weight: 1, policy: { kind: 'baseline', policy: 'popularity' } },
            { arm: 'expert', weight: 1, policy: { kind: 'baseline', policy: 'expert' } },
            { arm: challenger, weight: 1, policy: { kind: 'model', version: challenger } },
          ],
          day: bank.asOf,
          startedBy: 'test',
        });
        await state.refreshExperiment();
        const bought = (await knex('purchases')
          .select('product_id')
          .count({ n: '*' })
          .where('purchase_day', '>=', bank.asOf - POPULARITY_DAYS)
          .andWhere('purchase_day', '<', bank.asOf)
          .groupBy('product_id')) as Array<{ product_id: string; n: number }>;
        const popularity = new Map(bought.map((r) => [r.product_id, Number(r.n)]));
        const totalBought = [...popularity.values()].reduce((a, b) => a + b, 0);
        const highestYield = Math.max(...(await knex('products').select('expected_yield')).map((p) => p.expected_yield ?? 0));
        const seen = new Set<string>();
        for (const id of customerIds) {
          const first = await get(id);
          const again = await get(id, false); // through Express: the same arm, the same bytes
          expect(again.body).toEqual(first.body);
          recommendations.parse(first.body);
          const arm = experiment.arms[assignArm(experiment.salt, id, [1, 1, 1, 1])].arm;
          expect(first.body.experiment).toEqual({ name: 'four-arms', arm });
          seen.add(arm);
          const items = first.body.items as Array<{ productId: string; score: number; rank: number }>;
          for (const item of items) expect(productRisk.get(item.productId)!).toBeLessThanOrEqual(risk.get(id)!);
          const expected = { champion: bank.version, popularity: 'baseline:popularity', expert: 'baseline:expert' }[arm as 'champion'] ?? challenger;
          expect(first.body.modelVersion).toBe(expected);
          if (arm === 'popularity') for (const item of items) expect(item.score).toBeCloseTo((popularity.get(item.productId) ?? 0) / totalBought, 12);
          if (arm === 'expert') for (const item of items) expect(item.score).toBeCloseTo(Math.max(0, yieldOf.get(item.productId)!) / highestYield, 12);
          for (let k = 1; k < items.length; k++) expect(items[k].score).toBeLessThanOrEqual(items[k - 1].score);
        }
        expect(seen.size).toBe(4);
      });

      it('logs every served list with its experiment and arm, and the report counts them', async () => {
        await impressions.flush();
        const rows = await knex('impressions').where('experiment', 'four-arms').select('customer_id', 'arm', 'model_version');
        expect(rows).toHaveLength(2 * customerIds.length);
        for (const r of rows) expect(r.arm).toBe(experiment.arms[assignArm(experiment.salt, r.customer_id, [1, 1, 1, 1])].arm);
        expect(dropped.count).toBe(0);
        const outcomes = await experimentOutcomes(knex, experiment, { horizonDays: 7, today: bank.asOf });
        expect(outcomes.arms.reduce((s, a) => s + a.customers, 0)).toBe(customerIds.length);
        expect(outcomes.arms.reduce((s, a) => s + a.impressions, 0)).toBe(2 * customerIds.length);
        expect(outcomes.outcomesComplete).toBe(false);
      });

      it('reads the bank as it stood at the start of a replayed day (the demo replay)', async () => {
        const day = bank.asOf - 5;
        const later = await knex('purchases').where('purchase_day', '>=', day).first('customer_id', 'product_id');
        expect((await BankNow.load(knex, day, new Map())).customer(later.customer_id)!.boughtSince).toContain(later.product_id);
        expect((await BankNow.load(knex, day, new Map(), day)).customer(later.customer_id)!.boughtSince).toEqual([]);
      });

      it('answers without an experiment once it is stopped', async () => {
        await stopExperiment(knex, 'four-arms', bank.asOf);
        await state.refreshExperiment();
        const res = await get(customerIds[1]);
        expect(res.body.experiment).toBeUndefined();
        expect(res.body.modelVersion).toBe(bank.version);
      });
    });
  });
}
