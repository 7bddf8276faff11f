/**
 * Same-day serving, run against SQLite and MariaDB alike: while the server serves a snapshot, the
 * bank imports the day's rows, and within seconds every answer and export follows the database:
 * a customer who opened today is answered, a fixed-term product bought this morning is gone, a
 * lowered risk level is obeyed, and a rejected import changes nothing.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openLiveRowSource } from '../../features/live-rows.js';
import { importBank } from '../../import/index.js';
import { keyChecker } from '../../serving/api-keys.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { createApp } from '../../serving/app.js';
import { createCampaignService } from '../../serving/campaign/campaign-service.js';
import { pollChangeFeed } from '../../serving/live/poll-change-feed.js';
import { LiveServingState } from '../../serving/serving-state.js';
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import { DEFAULT_CUSTOMER_RISK, LOYAL_MIN_PURCHASES } from '../../src/domain/eligibility.js';
import { parseProductName } from '../../src/domain/product-name-flags.js';
import { CATEGORY_FEATURES, NUMBER_FEATURES } from '../../src/wide-table/feature-set.js';
import { readWideTable } from '../../src/wide-table/index.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/test-database.js';
import { addDemandChampion, prepareServedBank } from './served-bank.js';

const KEY = 'same-day-key-0123456789abcdef0123456789';

interface Item {
  productId: string;
  riskLevel: number;
  score: number;
}
interface Answer {
  items: Item[];
  freshness: { recomputed: boolean; snapshotAsOf: string; changesAppliedThrough: string | null };
}

export function defineSameDaySuite(backend: Backend, available: () => boolean): void {
  describe.runIf(available())(`same-day serving on ${backend}`, () => {
    let dir: string;
    let db: TestDatabase;
    let knex: Knex;
    let today: DayNumber;
    let state: LiveServingState;
    let app: ReturnType<typeof createApp>;
    let feed: { stop(): Promise<void> };
    let increments = 0;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      knex = db.knex;
      const bank = await prepareServedBank({ customers: 300, days: 120, seed: 17, dbUrl: db.url });
      dir = bank.dir;
      today = bank.asOf;
      const models = bank.models;
      await addDemandChampion(bank);

      state = new LiveServingState(knex, {
        modelsRoot: models,
        snapshotPath: bank.snapshot,
        today: () => today,
        liveRows: await openLiveRowSource(knex),
      });
      await state.reload();
      const campaigns = createCampaignService({ knex, source: state, exportsDir: join(dir, 'exports') });
      app = createApp({ state, checkKey: keyChecker(developmentKeys([KEY])), campaigns });
      feed = pollChangeFeed(state, null, 200);
    }, 240_000);

    afterAll(async () => {
      await feed?.stop();
      state?.dispose();
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const recommendations = async (id: string, status = 200): Promise<Answer> => {
      const res = await request(app)
        .get(`/v1/customers/${encodeURIComponent(id)}/recommendations?n=50`)
        .set('X-API-Key', KEY);
      expect(res.status).toBe(status);
      return res.body as Answer;
    };

    /** Imports an increment: the files given, every other required file with its header only. */
    async function importIncrement(files: Partial<Record<'customers' | 'purchases' | 'opt_outs' | 'products', string[]>>) {
      const at = join(dir, `increment-${increments++}`);
      const headers = {
        customers: 'customer_id,gender,birth_date,open_date,risk_level,city',
        products: 'product_id,name,category,risk_level,expected_yield,term_days,principal_protected,min_amount,sale_start,sale_end',
        purchases: 'purchase_id,customer_id,product_id,purchase_date,amount,channel',
        deposits: 'customer_id,date,demand_balance,time_balance',
        opt_outs: 'customer_id,channel,opted_out_on',
      };
      const { mkdirSync } = await import('node:fs');
      mkdirSync(at);
      for (const [table, header] of Object.entries(headers)) {
        const rows = files[table as keyof typeof files] ?? [];
        if (table === 'opt_outs' && rows.length === 0) continue;
        writeFileSync(join(at, `${table}.csv`), `${[header, ...rows].join('\n')}\n`);
      }
      return importBank(knex, { dir: at });
    }

    /** The database's truth about a customer today, computed here without the server's code. */
    async function truth(id: string) {
      const c = await knex('customers').where('customer_id', id).first();
      const before = Number((await knex('purchases').where('customer_id', id).andWhere('purchase_day', '<', today).count({ n: '*' }))[0].n);
      const since = (await knex('purchases').where('customer_id', id).andWhere('purchase_day', '>=', today).select('product_id')).map(
        (p) => p.product_id as string,
      );
      const optedOut = (await knex('opt_outs').where('customer_id', id).select('channel')).map((o) => o.channel as string);
      return { risk: c.risk_level ?? DEFAULT_CUSTOMER_RISK, earlier: before + since.length, since, optedOut };
    }

    async function productsById() {
      const rows = await knex('products').select('*');
      return new Map(rows.map((p) => [p.product_id as string, { ...p, ...parseProductName(p.name) }]));
    }

    /** Every item offered obeys the customer's risk level, purchases and the shelf of today, as the database has them. */
    async function expectObeysToday(id: string, answer: Answer) {
      const t = await truth(id);
      const products = await productsById();
      for (const item of answer.items) {
        const p = products.get(item.productId)!;
        expect(p.sale_start_day).toBeLessThanOrEqual(today);
        if (p.sale_end_day !== null) expect(p.sale_end_day).toBeGreaterThanOrEqual(today);
        expect(item.riskLevel).toBeLessThanOrEqual(t.risk);
        if (p.newCustomersOnly) expect(t.earlier).toBe(0);
        if (p.loyalCustomersOnly) expect(t.earlier).toBeGreaterThanOrEqual(LOYAL_MIN_PURCHASES);
        if (p.term_days > 0) expect(t.since).not.toContain(item.productId);
      }
    }

    it('computes a customer’s rows on request exactly as the snapshot build did', async () => {
      const { table, meta } = await readWideTable(join(dir, 'snapshot.arrow'));
      const ids = table.getChild('customer_id')!.toArray() as string[];
      const id = ids[Math.floor(ids.length / 2)];
      // For the horizon the snapshot was built for, so the horizon family is computed alike.
      const horizonDays = meta.extra?.horizonDays;
      expect(typeof horizonDays).toBe('number');
      const live = await (await openLiveRowSource(knex)).rowsFor([id], today, horizonDays as number);
      const rows = ids.flatMap((c, r) => (c === id ? [r] : []));
      expect(live.length).toBe(rows.length);
      const products = table.getChild('product_id')!;
      expect(live.productIds.slice(0, live.length)).toEqual(rows.map((r) => products.get(r)));
      for (const [i, f] of NUMBER_FEATURES.entries()) {
        const column = table.getChild(f.name)!;
        for (const [k, r] of rows.entries()) expect(Object.is(live.numbers[i][k], column.get(r)), `${f.name} of row ${k}`).toBe(true);
      }
      for (const [i, f] of CATEGORY_FEATURES.entries()) {
        const column = table.getChild(f.name)!;
        for (const [k, r] of rows.entries()) expect(live.categories[i][k], `${f.name} of row ${k}`).toBe(column.get(r));
      }
    });

    it('answers, within 5 s of the import’s commit, a customer who opened today, forgets a fixed-term product bought this morning, and obeys a lowered risk level in answers and exports', async () => {
      // A customer with a fixed-term product in their answer, and a customer at C4 or C5 offered something above C1.
      const candidates = (await knex('customers').select('customer_id', 'risk_level').orderBy('customer_id')) as Array<{
        customer_id: string;
        risk_level: number | null;
      }>;
      const products = await productsById();
      let buyer: { id: string; product: string } | null = null;
      let lowered: string | null = null;
      for (const c of candidates) {
        const answer = await recommendations(c.customer_id);
        const fixed = answer.items.find((i) => products.get(i.productId)!.term_days > 0 && !products.get(i.productId)!.newCustomersOnly);
        if (!buyer && fixed) buyer = { id: c.customer_id, product: fixed.productId };
        else if (!lowered && (c.risk_level ?? 1) >= 4 && answer.items.some((i) => i.riskLevel > 1)) lowered = c.customer_id;
        if (buyer && lowered) break;
      }
      expect(buyer && lowered).toBeTruthy();
      await recommendations('NEW-TODAY-1', 404);

      const day = formatDay(today);
      const old = await knex('customers').where('customer_id', lowered).first();
      const p = products.get(buyer!.product)!;
      const result = await importIncrement({
        customers: [`NEW-TODAY-1,F,1990-05-01,${day},3,上海`, `${lowered},${old.gender ?? ''},,${formatDay(old.open_day)},1,${old.city ?? ''}`],
        purchases: [`PT-SAME-DAY-1,${buyer!.id},${buyer!.product},${day},${(Number(p.min_amount_fen) / 100).toFixed(2)},wechat`],
      });
      expect(result.status).toBe('committed');
      const committedAt = Date.now();

      await vi.waitFor(
        async () => {
          const fresh = await recommendations('NEW-TODAY-1');
          expect(fresh.freshness.recomputed).toBe(true);
          expect(fresh.items.length).toBeGreaterThan(0);
          expect(fresh.items.every((i) => i.riskLevel <= 3)).toBe(true);
          expect((await recommendations(buyer!.id)).items.map((i) => i.productId)).not.toContain(buyer!.product);
          expect((await recommendations(lowered!)).items.every((i) => i.riskLevel <= 1)).toBe(true);
        },
        { timeout: 5000, interval: 100 },
      );
      expect(Date.now() - committedAt).toBeLessThan(5000);
      for (const id of ['NEW-TODAY-1', buyer!.id, lowered!]) await expectObeysToday(id, await recommendations(id));

      // The export of a product above C1 leaves the lowered customer out; the buyer's export of their product leaves them out.
      const risky = [...products.values()].find((q) => q.risk_level > 1 && q.sale_start_day <= today && (q.sale_end_day === null || q.sale_end_day >= today));
      for (const productId of [risky!.product_id as string, buyer!.product]) {
        const res = await request(app).post('/v1/campaigns:export').set('X-API-Key', KEY).send({ productId, channel: 'sms', top: 10_000, capDays: 0 });
        expect(res.status).toBe(200);
        const listed = res.text
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]);
        if (productId === buyer!.product) expect(listed).not.toContain(buyer!.id);
        else expect(listed).not.toContain(lowered);
      }
    }, 120_000);

    it('changes no answer when an import is rejected', async () => {
      const ids = (await knex('customers').select('customer_id').orderBy('customer_id').limit(20)).map((c) => c.customer_id as string);
      const before = await Promise.all(ids.map((id) => recommendations(id)));
      const some = ids[3];
      const result = await importIncrement({
        customers: [`${some},M,,${formatDay(today - 30)},1,`],
        purchases: [`PT-REJECTED-1,${some},NO-SUCH-PRODUCT,${formatDay(today)},100.00,app`],
      });
      expect(result.status).toBe('rejected');
      await state.applyChanges();
      const after = await Promise.all(ids.map((id) => recommendations(id)));
      expect(after).toEqual(before);
    });

    it('offers a product launched today to the customers allowed to buy it, computing their rows on request, and closes one early', async () => {
      const day = formatDay(today);
      expect(
        (
          await importIncrement({
            products: [`LAUNCH-TODAY-1,稳盈30天新品1号,fixed_income,1,2.85,30,1,1000.00,${day},${formatDay(today + 30)}`],
          })
        ).status,
      ).toBe('committed');
      await state.applyChanges();
      const ids = (await knex('customers').select('customer_id').where('open_day', '<=', today).orderBy('customer_id').limit(15)).map(
        (c) => c.customer_id as string,
      );
      let wholeShelves = 0;
      for (const id of ids) {
        const answer = await recommendations(id);
        expect(answer.freshness.recomputed).toBe(true);
        // Risk 1, no audience: every customer may buy it, and n=50 lists every product allowed.
        expect(answer.items.map((i) => i.productId)).toContain('LAUNCH-TODAY-1');
        // Scores are choice shares of the customer's shelf, computed on request as in the snapshot: the
        // answer is that shelf less what today's rules take away (a product bought this morning).
        const sum = answer.items.reduce((s, i) => s + i.score, 0);
        expect(sum).toBeLessThanOrEqual(1 + 1e-4);
        if (Math.abs(sum - 1) < 1e-4) wholeShelves++;
        await expectObeysToday(id, answer);
      }
      expect(wholeShelves).toBeGreaterThan(ids.length / 2);
      // Its SMS list is scored from rows computed now: every open customer not opted out of SMS is a candidate.
      const list = await request(app)
        .post('/v1/campaigns:export')
        .set('X-API-Key', KEY)
        .send({ productId: 'LAUNCH-TODAY-1', channel: 'sms', top: 10_000, capDays: 0 });
      expect(list.status).toBe(200);
      const listed = list.text
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]);
      const open = Number((await knex('customers').where('open_day', '<=', today).count({ n: '*' }))[0].n);
      const optedOut = new Set((await knex('opt_outs').whereIn('channel', ['sms', 'all']).select('customer_id')).map((o) => o.customer_id as string));
      expect(listed.length).toBeGreaterThan(0.8 * (open - optedOut.size));
      expect(listed.filter((id) => optedOut.has(id))).toEqual([]);
      // Closed early today: gone from every answer at once.
      expect(
        (
          await importIncrement({
            products: [`LAUNCH-TODAY-1,稳盈30天新品1号,fixed_income,1,2.85,30,1,1000.00,${day},${formatDay(today - 1)}`],
          })
        ).status,
      ).toBe('rejected'); // a sale window that ends before it starts is refused by the import
      const shelf = await productsById();
      const closing = [...shelf.values()].find(
        (p) => p.product_id !== 'LAUNCH-TODAY-1' && p.sale_start_day < today && (p.sale_end_day === null || p.sale_end_day >= today),
      )!;
      const row = [
        closing.product_id,
        closing.name,
        closing.category ?? '',
        closing.risk_level,
        closing.expected_yield ?? '',
        closing.term_days,
        closing.principal_protected ?? '',
        (Number(closing.min_amount_fen) / 100).toFixed(2),
        formatDay(closing.sale_start_day),
        formatDay(today - 1),
      ].join(',');
      expect((await importIncrement({ products: [row] })).status).toBe('committed');
      await state.applyChanges();
      for (const id of ids) expect((await recommendations(id)).items.map((i) => i.productId)).not.toContain(closing.product_id);
    }, 120_000);

    it('turns readiness 503 once the change feed has not caught up for longer than its limit, and ready again when it has', async () => {
      expect(await state.notReadyBecause()).toEqual([]);
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 61_000);
        const reasons = await state.notReadyBecause();
        expect(reasons.join(' ')).toMatch(/the change feed has not caught up for 6\d s \(limit 60 s\)/);
        expect(state.feedLagSeconds()).toBeGreaterThan(60);
        await state.applyChanges();
        expect(await state.notReadyBecause()).toEqual([]);
      } finally {
        vi.useRealTimers();
      }
    });

    it('keeps every answer and export within the customer’s current risk level, holdings, opt-outs and the shelf of today, after random same-day increments', async () => {
      const customers = (await knex('customers').select('customer_id', 'gender', 'open_day', 'city').orderBy('customer_id')) as Array<{
        customer_id: string;
        gender: string | null;
        open_day: number;
        city: string | null;
      }>;
      const products = [...(await productsById()).values()].filter((p) => p.sale_start_day <= today && (p.sale_end_day === null || p.sale_end_day >= today));
      const change = fc.oneof(
        fc.record({ kind: fc.constant('risk' as const), customer: fc.nat(customers.length - 1), risk: fc.integer({ min: 1, max: 5 }) }),
        fc.record({ kind: fc.constant('purchase' as const), customer: fc.nat(customers.length - 1), product: fc.nat(products.length - 1) }),
        fc.record({ kind: fc.constant('optOut' as const), customer: fc.nat(customers.length - 1), channel: fc.constantFrom('sms', 'all') }),
      );
      let purchases = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 6 }), async (changes) => {
          const files = { customers: [] as string[], purchases: [] as string[], opt_outs: [] as string[] };
          const touched = new Set<string>();
          for (const c of changes) {
            const customer = customers[c.customer];
            touched.add(customer.customer_id);
            if (c.kind === 'risk')
              files.customers.push(`${customer.customer_id},${customer.gender ?? ''},,${formatDay(customer.open_day)},${c.risk},${customer.city ?? ''}`);
            else if (c.kind === 'purchase') {
              const p = products[c.product];
              files.purchases.push(
                `PT-PROP-${purchases++},${customer.customer_id},${p.product_id},${formatDay(today)},${(Number(p.min_amount_fen) / 100).toFixed(2)},app`,
              );
            } else files.opt_outs.push(`${customer.customer_id},${c.channel},${formatDay(today)}`);
          }
          // One row per customer in customers.csv: the last risk change wins.
          files.customers = [...new Map(files.customers.map((row) => [row.split(',')[0], row])).values()];
          const optOuts = [...new Map(files.opt_outs.map((row) => [row.split(',').slice(0, 2).join(','), row])).values()];
          expect((await importIncrement({ ...files, opt_outs: optOuts })).status).toBe('committed');
          await state.applyChanges();
          for (const id of touched) await expectObeysToday(id, await recommendations(id));
          const product = products[changes[0].kind === 'purchase' ? changes[0].product : 0];
          const res = await request(app)
            .post('/v1/campaigns:export')
            .set('X-API-Key', KEY)
            .send({ productId: product.product_id, channel: 'sms', top: 10_000, capDays: 0 });
          expect(res.status).toBe(200);
          const listed = new Set(
            res.text
              .trim()
              .split('\n')
              .slice(1)
              .map((l) => l.split(',')[0]),
          );
          for (const id of touched) {
            if (!listed.has(id)) continue;
            const t = await truth(id);
            expect(t.optedOut.filter((ch) => ch === 'sms' || ch === 'all')).toEqual([]);
            expect(product.risk_level).toBeLessThanOrEqual(t.risk);
            if (product.term_days > 0) expect(t.since).not.toContain(product.product_id);
            if (product.newCustomersOnly) expect(t.earlier).toBe(0);
          }
        }),
        { numRuns: 6 },
      );
    }, 180_000);
  });
}
