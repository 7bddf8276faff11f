/**
 * The recommendation API on a small generated bank: the contract of each route, the 400/401/404
 * cases, and a property over random customers that nothing is ever offered that the customer may
 * not buy or that is not on sale.
 */
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyChecker } from '../../serving/api-keys.js';
import { createApp, MAX_BATCH } from '../../serving/app.js';
import { loadBankFacts } from '../../serving/bank-facts.js';
import { Recommender } from '../../serving/recommender.js';
import { scoreSnapshot } from '../../serving/scored-snapshot.js';
import { openDatabase } from '../../src/db/index.js';
import { formatDay } from '../../src/domain/dates.js';
import { DEFAULT_CUSTOMER_RISK, LOYAL_MIN_PURCHASES } from '../../src/domain/eligibility.js';
import { parseProductName } from '../../src/domain/product-name-flags.js';
import { loadChampion } from '../../training/registry.js';
import { prepareServedBank, type ServedBank } from './served-bank.js';

const KEY = 'test-key-0123456789abcdef';
let bank: ServedBank;
let knex: Knex;
let app: ReturnType<typeof createApp>;
let asOf: number;
let snapshotCustomers: string[];
const customers = new Map<string, { risk: number; purchasesBefore: number }>();
const products = new Map<string, { risk: number; newOnly: boolean; loyalOnly: boolean; saleStart: number; saleEnd: number | null }>();

beforeAll(async () => {
  bank = await prepareServedBank({ customers: 500, days: 150, seed: 9 });
  asOf = bank.asOf;
  knex = openDatabase(bank.dbUrl).knex;
  const model = (await loadChampion(bank.models))!;
  const snapshot = await scoreSnapshot(bank.snapshot, model);
  model.scoring.dispose();
  snapshotCustomers = [...snapshot.byCustomer.keys()];
  const recommender = new Recommender(snapshot, await loadBankFacts(knex));
  app = createApp({ recommender: () => recommender, notReadyBecause: async () => [], modelInfo: () => ({ version: model.card.version }) }, keyChecker([KEY]));

  for (const c of await knex('customers').select('customer_id', 'risk_level')) customers.set(c.customer_id, { risk: c.risk_level ?? DEFAULT_CUSTOMER_RISK, purchasesBefore: 0 });
  for (const p of await knex('purchases').where('purchase_day', '<', asOf).select('customer_id')) customers.get(p.customer_id)!.purchasesBefore++;
  for (const p of await knex('products').select('product_id', 'name', 'risk_level', 'sale_start_day', 'sale_end_day')) {
    const flags = parseProductName(p.name);
    products.set(p.product_id, { risk: p.risk_level, newOnly: flags.newCustomersOnly, loyalOnly: flags.loyalCustomersOnly, saleStart: p.sale_start_day, saleEnd: p.sale_end_day });
  }
}, 180_000);
afterAll(async () => {
  await knex?.destroy();
  if (bank) rmSync(bank.dir, { recursive: true, force: true });
});

const get = (path: string) => request(app).get(path).set('X-API-Key', KEY);

describe('GET /v1/customers/{id}/recommendations', () => {
  it('returns up to n allowed products in rank order, with what the page shows', async () => {
    const id = snapshotCustomers[0];
    const res = await get(`/v1/customers/${id}/recommendations?n=3&channel=wechat`).expect(200);
    expect(res.body).toMatchObject({ customerId: id, asOf: formatDay(asOf), modelVersion: expect.stringMatching(/-mlp-/) });
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.length).toBeLessThanOrEqual(3);
    res.body.items.forEach((item: { rank: number; score: number }, i: number) => {
      expect(item).toMatchObject({ rank: i + 1, productId: expect.any(String), name: expect.any(String), riskLevel: expect.any(Number), termDays: expect.any(Number), minAmount: expect.stringMatching(/^\d+\.\d{2}$/) });
      if (i > 0) expect(item.score).toBeLessThanOrEqual(res.body.items[i - 1].score);
    });
  });

  it('never offers a product above the customer’s risk level, a new-customer product to a customer who bought before, a loyal-only one to a customer who is not, or one not on sale', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...customers.keys()), fc.integer({ min: 1, max: 50 }), async (id, n) => {
        const res = await get(`/v1/customers/${encodeURIComponent(id)}/recommendations?n=${n}`).expect(200);
        const c = customers.get(id)!;
        for (const item of res.body.items as Array<{ productId: string }>) {
          const p = products.get(item.productId)!;
          expect(p.risk).toBeLessThanOrEqual(c.risk);
          if (c.purchasesBefore > 0) expect(p.newOnly).toBe(false);
          if (c.purchasesBefore < LOYAL_MIN_PURCHASES) expect(p.loyalOnly).toBe(false);
          expect(p.saleStart).toBeLessThanOrEqual(asOf);
          if (p.saleEnd !== null) expect(p.saleEnd).toBeGreaterThanOrEqual(asOf);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('answers 404 with a JSON error for an unknown customer', async () => {
    const res = await get('/v1/customers/NO-SUCH-CUSTOMER/recommendations').expect(404);
    expect(res.body).toEqual({ error: { code: 'unknown_customer', message: 'no customer with this id' } });
  });

  it.each([
    ['n=0', 'query.n'],
    ['n=51', 'query.n'],
    ['n=abc', 'query.n'],
    ['channel=fax', 'query.channel'],
    ['color=red', 'query'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await get(`/v1/customers/${snapshotCustomers[0]}/recommendations?${query}`).expect(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message.startsWith(field)).toBe(true);
  });

  it('answers 400 for an id longer than 64 characters', async () => {
    const res = await get(`/v1/customers/${'x'.repeat(65)}/recommendations`).expect(400);
    expect(res.body.error.message).toMatch(/^customerId/);
  });

  it('answers 401 without a valid X-API-Key, and serves health without one', async () => {
    await request(app).get(`/v1/customers/${snapshotCustomers[0]}/recommendations`).expect(401);
    const wrong = await request(app).get('/v1/models').set('X-API-Key', `${KEY}x`).expect(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    await request(app).get('/readyz').expect(200, { ready: true, reasons: [] });
  });
});

describe('POST /v1/recommendations:batch', () => {
  const post = () => request(app).post('/v1/recommendations:batch').set('X-API-Key', KEY);

  it('answers for every known customer and lists the unknown ones', async () => {
    const res = await post().send({ customerIds: [snapshotCustomers[0], 'NOBODY', snapshotCustomers[1]], n: 2 }).expect(200);
    expect(res.body.results.map((r: { customerId: string }) => r.customerId)).toEqual([snapshotCustomers[0], snapshotCustomers[1]]);
    expect(res.body.unknownCustomerIds).toEqual(['NOBODY']);
    for (const r of res.body.results) expect(r.items.length).toBeLessThanOrEqual(2);
  });

  it('refuses more than the batch limit, malformed JSON and oversized bodies', async () => {
    const tooMany = await post().send({ customerIds: Array.from({ length: MAX_BATCH + 1 }, (_, i) => `C${i}`) }).expect(400);
    expect(tooMany.body.error.message).toMatch(/^body\.customerIds/);
    await post().set('Content-Type', 'application/json').send('{"customerIds": [').expect(400);
    await post().send({ customerIds: ['x'.repeat(300_000)] }).expect(413);
  });
});
