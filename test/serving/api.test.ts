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
import { developmentKeys } from '../../serving/development-api-keys.js';
import { apiError, batchResult, MAX_BATCH, MAX_N, readiness, recommendations } from '../../serving/api-schemas.js';
import { createApp } from '../../serving/app.js';
import type { ServingState } from '../../serving/serving-state.js';
import { BankNow } from '../../serving/live/bank-now.js';
import { Recommender } from '../../serving/recommender.js';
import { scoreSnapshot } from '../../serving/scored-snapshot.js';
import { openDatabase } from '../../src/db/index.js';
import { formatDay } from '../../src/domain/dates.js';
import { DEFAULT_CUSTOMER_RISK, LOYAL_MIN_PURCHASES } from '../../src/domain/eligibility.js';
import { parseProductName } from '../../src/domain/product-name-flags.js';
import { loadChampion } from '../../src/model-directory/registry.js';
import { prepareServedBank, type ServedBank } from './served-bank.js';

const KEY = 'test-key-0123456789abcdef0123456789';
let bank: ServedBank;
let knex: Knex;
let app: ReturnType<typeof createApp>;
let state: ServingState;
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
  snapshotCustomers = [...snapshot.customerIds];
  const bankNow = await BankNow.load(knex, snapshot.asOf, snapshot.customerNumbers);
  const recommender = new Recommender({ snapshot, bank: bankNow, recomputed: null, today: () => asOf, changesAppliedThrough: () => null, snapshotShelf: null });
  state = { recommender: () => recommender, notReadyBecause: async () => [], modelInfo: () => ({ version: model.card.version }) };
  app = createApp({ state, checkKey: keyChecker(developmentKeys([KEY])) });

  for (const c of await knex('customers').select('customer_id', 'risk_level'))
    customers.set(c.customer_id, { risk: c.risk_level ?? DEFAULT_CUSTOMER_RISK, purchasesBefore: 0 });
  for (const p of await knex('purchases').where('purchase_day', '<', asOf).select('customer_id')) customers.get(p.customer_id)!.purchasesBefore++;
  for (const p of await knex('products').select('product_id', 'name', 'risk_level', 'sale_start_day', 'sale_end_day')) {
    const flags = parseProductName(p.name);
    products.set(p.product_id, {
      risk: p.risk_level,
      newOnly: flags.newCustomersOnly,
      loyalOnly: flags.loyalCustomersOnly,
      saleStart: p.sale_start_day,
      saleEnd: p.sale_end_day,
    });
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
    recommendations.parse(res.body); // the published contract (/openapi.json) holds for a real answer
    expect(res.body).toMatchObject({ customerId: id, asOf: formatDay(asOf), modelVersion: expect.stringMatching(/-mlp-/) });
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.length).toBeLessThanOrEqual(3);
    res.body.items.forEach((item: { rank: number; score: number }, i: number) => {
      expect(item).toMatchObject({
        rank: i + 1,
        productId: expect.any(String),
        name: expect.any(String),
        riskLevel: expect.any(Number),
        termDays: expect.any(Number),
        minAmount: expect.stringMatching(/^\d+\.\d{2}$/),
      });
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
    apiError.parse(res.body);
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
    readiness.parse((await request(app).get('/readyz').expect(200, { ready: true, reasons: [] })).body);
  });
});

describe('POST /v1/recommendations:batch', () => {
  const post = () => request(app).post('/v1/recommendations:batch').set('X-API-Key', KEY);

  it('answers for every known customer and lists the unknown ones', async () => {
    const res = await post()
      .send({ customerIds: [snapshotCustomers[0], 'NOBODY', snapshotCustomers[1]], n: 2 })
      .expect(200);
    expect(res.body.results.map((r: { customerId: string }) => r.customerId)).toEqual([snapshotCustomers[0], snapshotCustomers[1]]);
    expect(res.body.unknownCustomerIds).toEqual(['NOBODY']);
    batchResult.parse(res.body);
    for (const r of res.body.results) expect(r.items.length).toBeLessThanOrEqual(2);
  });

  it('refuses more than the batch limit, malformed JSON and oversized bodies', async () => {
    const tooMany = await post()
      .send({ customerIds: Array.from({ length: MAX_BATCH + 1 }, (_, i) => `C${i}`) })
      .expect(400);
    expect(tooMany.body.error.message).toMatch(/^body\.customerIds/);
    await post().set('Content-Type', 'application/json').send('{"customerIds": [').expect(400);
    await post()
      .send({ customerIds: ['x'.repeat(300_000)] })
      .expect(413);
  });
});

describe('the fast path', () => {
  it('answers the hot route with the same status, headers and bytes as the Express route', async () => {
    const viaExpress = createApp({ state, checkKey: keyChecker(developmentKeys([KEY])), fastPath: false });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...snapshotCustomers), fc.integer({ min: 1, max: MAX_N }), fc.constantFrom('', '&channel=app'), async (id, n, extra) => {
        const path = `/v1/customers/${encodeURIComponent(id)}/recommendations?n=${n}${extra}`;
        const [fast, slow] = await Promise.all([get(path), request(viaExpress).get(path).set('X-API-Key', KEY)]);
        expect(fast.status).toBe(200);
        expect(slow.status).toBe(200);
        expect(fast.text).toBe(slow.text);
        for (const h of ['content-type', 'content-length']) expect(fast.headers[h]).toBe(slow.headers[h]);
        expect(Object.keys(fast.headers).sort()).toEqual(Object.keys(slow.headers).sort());
      }),
      { numRuns: 60 },
    );
  });

  it('leaves every request it should not answer to Express, errors included', async () => {
    const cases: Array<[string, Record<string, string>, number]> = [
      [`/v1/customers/${snapshotCustomers[0]}/recommendations?n=3&n=4`, { 'X-API-Key': KEY }, 400],
      [`/v1/customers/${snapshotCustomers[0]}/recommendations`, {}, 401],
      [`/v1/customers/%E0%A4%A/recommendations`, { 'X-API-Key': KEY }, 400],
      [`/v1/customers/NOBODY/recommendations`, { 'X-API-Key': KEY }, 404],
      [`/v1/customers/${snapshotCustomers[0]}/recommendations?n=0`, { 'X-API-Key': KEY }, 400],
    ];
    for (const [path, headers, status] of cases) {
      const res = await request(app).get(path).set(headers);
      expect(res.status, path).toBe(status);
      apiError.parse(res.body);
    }
    const noModel = createApp({
      state: { recommender: () => null, notReadyBecause: async () => ['no model and snapshot loaded'], modelInfo: () => null },
      checkKey: keyChecker(developmentKeys([KEY])),
    });
    const res = await request(noModel).get(`/v1/customers/${snapshotCustomers[0]}/recommendations`).set('X-API-Key', KEY).expect(503);
    expect(res.body.error.code).toBe('not_ready');
  });
});

describe('operations', () => {
  it('keeps a caller’s plain X-Request-Id and makes one otherwise', async () => {
    const given = await get('/healthz').set('X-Request-Id', 'wechat-42.a').expect(200);
    expect(given.headers['x-request-id']).toBe('wechat-42.a');
    const odd = await get('/healthz').set('X-Request-Id', 'has spaces and\ttabs').expect(200);
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const none = await request(app).get('/healthz').expect(200);
    expect(none.headers['x-request-id']).not.toBe(odd.headers['x-request-id']);
  });

  it('counts requests by route template in /metrics, never by a path that holds a customer id', async () => {
    const id = snapshotCustomers[2];
    await get(`/v1/customers/${id}/recommendations`).expect(200);
    await get('/v1/customers/NOT-A-CUSTOMER-XYZ/recommendations').expect(404);
    await get('/no/such/route/C0000001').expect(404);
    const text = (await request(app).get('/metrics').expect(200)).text;
    expect(text).toMatch(/wealthrec_http_requests_total\{method="GET",route="\/v1\/customers\/:customerId\/recommendations",status="200"\} [1-9]/);
    expect(text).toMatch(/wealthrec_http_requests_total\{method="GET",route="\/v1\/customers\/:customerId\/recommendations",status="404"\} [1-9]/);
    expect(text).toMatch(/wealthrec_http_request_duration_seconds_bucket\{le="0.01",method="GET",route="\/v1\/customers\/:customerId\/recommendations"\}/);
    expect(text).toMatch(/route="unmatched",status="404"/);
    expect(text).toContain('wealthrec_http_requests_in_flight');
    expect(text).toContain('wealthrec_process_resident_memory_bytes');
    for (const secret of [id, 'NOT-A-CUSTOMER-XYZ', 'C0000001', KEY]) expect(text).not.toContain(secret);
  });

  it('publishes /openapi.json generated from the schemas it validates with', async () => {
    const doc = (await request(app).get('/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    const get = doc.paths['/v1/customers/{customerId}/recommendations'].get;
    const n = get.parameters.find((p: { name: string }) => p.name === 'n');
    expect(n.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: MAX_N, default: 10 });
    expect(get.parameters.find((p: { name: string }) => p.name === 'channel').schema.enum).toEqual(['wechat', 'app', 'web']);
    expect(doc.components.schemas.BatchRequest.properties.customerIds).toMatchObject({ maxItems: MAX_BATCH, minItems: 1 });
    expect(doc.components.schemas.Recommendations.required).toEqual(expect.arrayContaining(['customerId', 'asOf', 'modelVersion', 'items']));
    for (const path of ['/v1/recommendations:batch', '/v1/models', '/healthz', '/readyz', '/metrics']) expect(doc.paths).toHaveProperty([path]);
  });

  it('limits requests per API key with 429 and Retry-After, each key on its own', async () => {
    const other = 'another-key-0123456789abcdef0123456789';
    const limited = createApp({ state, checkKey: keyChecker(developmentKeys([KEY, other])), rateLimitPerSecond: 3 });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 10; i++) {
      // The hot route (answered outside Express while under the limit) and an Express route share one count.
      const path = i % 2 === 0 ? `/v1/customers/${snapshotCustomers[0]}/recommendations` : '/v1/models';
      const res = await request(limited).get(path).set('X-API-Key', KEY);
      statuses.push(res.status);
      if (res.status === 429) {
        apiError.parse(res.body);
        expect(res.body.error.code).toBe('rate_limited');
        retryAfter = res.headers['retry-after'];
      }
    }
    // Ten calls span at most two one-second windows: at most six pass, and the rest are refused.
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(6);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(4);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(0);
    await request(limited).get('/v1/models').set('X-API-Key', other).expect(200);
  });
});
