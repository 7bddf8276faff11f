/**
 * The console's API on a small bank with both champions: POST /v1/campaigns:preview (the curve of
 * expected buyers, the 80% point, the exclusions) against the export of the same request and the
 * expected-coverage rule, and GET /v1/products?onSale=today against the products table. Neither
 * writes a list nor an audit record; both need the export scope. And a preview takes its key's turn
 * as an export does.
 */
import { readdirSync } from 'node:fs';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, keyChecker } from '../../serving/api-keys.js';
import { apiError, campaignPreview, productsOnSale } from '../../serving/api-schemas.js';
import { createApp } from '../../serving/app.js';
import type { ServedCampaignLease } from '../../serving/campaign/campaign-set.js';
import { createCampaignService } from '../../serving/campaign/campaign-service.js';
import { CAMPAIGN_CHANNELS } from '../../serving/campaign/campaign-request.js';
import { rankCampaign } from '../../serving/campaign/rank-campaign.js';
import { CampaignUnavailableError } from '../../serving/errors.js';
import { formatDay } from '../../src/domain/dates.js';
import { expectedCoverageLength } from '../../src/metrics/expected-coverage.js';
import { MARKETING_KEY, OTHER_KEY, prepareCampaignApp, type CampaignApp } from './campaign-app.js';
import { oneCustomerState } from './one-customer-state.js';

let app: CampaignApp;
let onSale: string[];

beforeAll(async () => {
  app = await prepareCampaignApp({ customers: 300, days: 120, seed: 8 });
  const asOf = app.bank.asOf;
  onSale = (
    await app
      .knex('products')
      .select('product_id')
      .where('sale_start_day', '<=', asOf)
      .andWhere((q) => q.whereNull('sale_end_day').orWhere('sale_end_day', '>=', asOf))
      .orderBy('product_id')
  ).map((p) => p.product_id as string);
  expect(onSale.length).toBeGreaterThan(3);
}, 240_000);

afterAll(async () => {
  await app?.close();
});

const preview = (body: object, key = MARKETING_KEY) => request(app.listener).post('/v1/campaigns:preview').set('X-API-Key', key).send(body);
const exportList = (body: object) => request(app.listener).post('/v1/campaigns:export').set('X-API-Key', MARKETING_KEY).send(body);
const auditCount = async () => Number((await app.knex('audit_log').count({ n: '*' }))[0].n);
const listsWritten = () => {
  try {
    return readdirSync(app.exportsDir).length;
  } catch {
    return 0;
  }
};

/** The ranked probabilities the export would list, best first, straight from the ranking both use. */
async function rankedProbabilities(body: { productId: string; channel: 'sms' | 'wechat' | 'phone'; capDays: number }): Promise<Float64Array> {
  const lease: ServedCampaignLease = await app.state.leaseCampaignSet();
  try {
    const { ranked } = await rankCampaign(app.knex, body, {
      snapshot: lease.snapshot.path,
      snapshotHeader: lease.snapshot.header,
      models: lease.models,
      bank: lease.bank,
      today: lease.today,
    });
    return Float64Array.from(ranked.order, (i) => ranked.scores[i]);
  } finally {
    lease.release();
  }
}

describe('POST /v1/campaigns:preview', () => {
  it('draws expected buyers against list size: from 0 rows to every candidate, never falling, about 100 steps, the share ending at 1', async () => {
    for (const productId of onSale) {
      const res = await preview({ productId, channel: 'sms' }).expect(200);
      const p = campaignPreview.parse(res.body);
      expect(p).toMatchObject({ productId, channel: 'sms', capDays: 7, asOf: formatDay(app.bank.asOf) });
      expect(p.curve[0]).toEqual({ rows: 0, expectedBuyers: 0, share: 0 });
      expect(p.curve.at(-1)!.rows).toBe(p.candidates);
      expect(p.curve).toHaveLength(Math.min(p.candidates, 100) + 1);
      for (let k = 1; k < p.curve.length; k++) {
        expect(p.curve[k].rows).toBeGreaterThan(p.curve[k - 1].rows);
        expect(p.curve[k].expectedBuyers).toBeGreaterThanOrEqual(p.curve[k - 1].expectedBuyers);
        expect(p.curve[k].share).toBeGreaterThanOrEqual(p.curve[k - 1].share);
      }
      if (p.candidates > 0) expect(p.curve.at(-1)!.share).toBe(1);
      // Best first: each step's buyers per row never exceed the step before's.
      const slope = (k: number) => (p.curve[k].expectedBuyers - p.curve[k - 1].expectedBuyers) / (p.curve[k].rows - p.curve[k - 1].rows);
      for (let k = 2; k < p.curve.length; k++) expect(slope(k)).toBeLessThanOrEqual(slope(k - 1) + 1e-9);
    }
  });

  it('marks at 80% the shortest list expected to reach 80% of the buyers: the expected-coverage length, and the rows an export with coverage 0.8 writes', async () => {
    for (const productId of onSale.slice(0, 3)) {
      const body = { productId, channel: 'wechat' as const, capDays: 7 };
      const p = campaignPreview.parse((await preview(body).expect(200)).body);
      const probabilities = await rankedProbabilities(body);
      expect(probabilities.length).toBe(p.candidates);
      expect(p.point80.rows).toBe(expectedCoverageLength(probabilities, 0.8));
      expect(p.point80.fraction).toBe(p.candidates === 0 ? 0 : p.point80.rows / p.candidates);
      const sum = (n: number) => probabilities.subarray(0, n).reduce((s, x) => s + x, 0);
      expect(p.point80.expectedBuyers).toBe(sum(p.point80.rows));
      for (const point of p.curve) expect(point.expectedBuyers).toBe(sum(point.rows));

      const exported = await exportList({ ...body, coverage: 0.8 }).expect(200);
      const summary = JSON.parse(exported.headers['x-campaign-summary']);
      expect(summary.rows).toBe(p.point80.rows);
      const audit = JSON.parse((await app.knex('audit_log').where('id', Number(exported.headers['x-audit-id'])).first()).details);
      expect(audit.expectedBuyers).toBe(Math.round(p.point80.expectedBuyers * 100) / 100);
    }
  });

  it('leaves out the same customers for the same reasons as the export of the same request, and writes and records nothing', async () => {
    const cases = CAMPAIGN_CHANNELS.flatMap((channel, i) => [0, 30].map((capDays) => ({ productId: onSale[(i + capDays) % onSale.length], channel, capDays })));
    for (const body of cases) {
      const listsBefore = listsWritten();
      const auditsBefore = await auditCount();
      const p = campaignPreview.parse((await preview(body).expect(200)).body);
      expect(listsWritten()).toBe(listsBefore);
      expect(await auditCount()).toBe(auditsBefore);

      const summary = JSON.parse((await exportList({ ...body, fraction: 1 }).expect(200)).headers['x-campaign-summary']);
      expect({ customers: p.customers, candidates: p.candidates, excluded: p.excluded }, JSON.stringify(body)).toEqual({
        customers: summary.customers,
        candidates: summary.candidates,
        excluded: summary.excluded,
      });
      const e = p.excluded;
      expect(p.candidates + e.notEligible + e.alreadyBought + e.optedOut + e.contactedRecently).toBe(p.customers);
    }
    // The cap leaves out more (or as many) customers than no cap, on a product's list.
    const withoutCap = campaignPreview.parse((await preview({ productId: onSale[0], channel: 'sms', capDays: 0 }).expect(200)).body);
    const withCap = campaignPreview.parse((await preview({ productId: onSale[0], channel: 'sms', capDays: 60 }).expect(200)).body);
    expect(withoutCap.excluded.contactedRecently).toBe(0);
    expect(withCap.excluded.contactedRecently).toBeGreaterThan(0);
  });

  it('answers 400 naming the field of a bad body, 404 for an unknown product, 401 without a key and 403 to a key without the export scope', async () => {
    const bad: Array<[object, RegExp]> = [
      [{ channel: 'sms' }, /^body\.productId/],
      [{ productId: onSale[0] }, /^body\.channel/],
      [{ productId: onSale[0], channel: 'fax' }, /^body\.channel/],
      [{ productId: onSale[0], channel: 'sms', capDays: -1 }, /^body\.capDays/],
      [{ productId: onSale[0], channel: 'sms', capDays: 2.5 }, /^body\.capDays/],
      [{ productId: '', channel: 'sms' }, /^body\.productId/],
      [{ productId: onSale[0], channel: 'sms', top: 10 }, /^body: .*top/], // a preview has no length: the whole curve is the answer
    ];
    for (const [body, message] of bad) {
      const res = await preview(body).expect(400);
      expect(apiError.parse(res.body).error.code).toBe('invalid_request');
      expect(res.body.error.message, JSON.stringify(body)).toMatch(message);
    }
    const unknown = await preview({ productId: 'NO-SUCH', channel: 'sms' }).expect(404);
    expect(unknown.body.error.code).toBe('unknown_product');
    const ended = await app.knex('products').where('sale_end_day', '<', app.bank.asOf).first('product_id');
    expect((await preview({ productId: ended.product_id, channel: 'sms' }).expect(400)).body.error.message).toMatch(/not on sale/);
    await request(app.listener).post('/v1/campaigns:preview').send({ productId: onSale[0], channel: 'sms' }).expect(401);
    const forbidden = await preview({ productId: onSale[0], channel: 'sms' }, OTHER_KEY).expect(403);
    expect(forbidden.body.error).toEqual({ code: 'forbidden', message: 'this API key does not hold the scope "campaigns:export" this route needs' });
  });
});

describe('GET /v1/products?onSale=today', () => {
  it('lists the products on sale on the served day with what the picker shows, by id', async () => {
    const res = await request(app.listener).get('/v1/products?onSale=today').set('X-API-Key', MARKETING_KEY).expect(200);
    const answer = productsOnSale.parse(res.body);
    expect(answer.day).toBe(formatDay(app.bank.asOf));
    expect(answer.products.map((p) => p.productId)).toEqual(onSale);
    const first = await app.knex('products').where('product_id', onSale[0]).first();
    expect(answer.products[0]).toMatchObject({
      productId: first.product_id,
      name: first.name,
      riskLevel: Number(first.risk_level),
      termDays: Number(first.term_days),
      expectedYield: first.expected_yield === null ? null : Number(first.expected_yield),
    });
  });

  it('answers 400 without the onSale filter or with another value, 403 to a key without the export scope', async () => {
    const get = (query: string, key = MARKETING_KEY) => request(app.listener).get(`/v1/products${query}`).set('X-API-Key', key);
    expect((await get('').expect(400)).body.error.message).toMatch(/^query\.onSale/);
    expect((await get('?onSale=yesterday').expect(400)).body.error.message).toMatch(/^query\.onSale/);
    expect((await get('?onSale=today&category=fund').expect(400)).body.error.message).toMatch(/^query: .*category/);
    await get('?onSale=today', OTHER_KEY).expect(403);
  });
});

describe('a preview and an export of one key', () => {
  it('take turns: a preview while the key’s export runs answers 409 busy, another key previews meanwhile', async () => {
    // A source that holds every call at the lease until the test lets go.
    const waiting: Array<(err: unknown) => void> = [];
    const source = {
      leaseCampaignSet: () => new Promise<ServedCampaignLease>((_resolve, reject) => waiting.push(reject)),
    };
    const keyOf = (name: string) => `${name}-key-0123456789abcdef0123456789abcdef`;
    const server = createApp({
      state: oneCustomerState(),
      checkKey: keyChecker(['crm', 'branch'].map((name) => ({ name, scopes: ['campaigns:export' as const], hash: hashApiKey(keyOf(name)) }))),
      campaigns: createCampaignService({ knex: undefined as never, source, exportsDir: '/nonexistent' }),
      logger: pino({ level: 'silent' }),
    });
    const call = (path: string, key: string, body: object) =>
      request(server)
        .post(path)
        .set('X-API-Key', keyOf(key))
        .send(body)
        .then((r) => r);
    const until = async (n: number) => {
      while (waiting.length < n) await new Promise((r) => setImmediate(r));
    };

    const running = call('/v1/campaigns:export', 'crm', { productId: 'P1', channel: 'sms', top: 3 });
    await until(1);
    const busy = await call('/v1/campaigns:preview', 'crm', { productId: 'P1', channel: 'sms' });
    expect(busy.status).toBe(409);
    expect(apiError.parse(busy.body).error).toEqual({ code: 'busy', message: 'another campaign export of this API key is running: retry when it ends' });
    const other = call('/v1/campaigns:preview', 'branch', { productId: 'P1', channel: 'sms' });
    await until(2);
    for (const reject of waiting.splice(0)) reject(new CampaignUnavailableError('no demand champion'));
    expect((await running).status).toBe(503);
    expect((await other).status).toBe(503);

    // And the other way round: an export while the key's preview runs.
    const previewing = call('/v1/campaigns:preview', 'crm', { productId: 'P1', channel: 'sms' });
    await until(1);
    const refused = await call('/v1/campaigns:export', 'crm', { productId: 'P1', channel: 'sms', top: 3 });
    expect(refused.body.error).toEqual({ code: 'busy', message: 'another campaign preview of this API key is running: retry when it ends' });
    for (const reject of waiting.splice(0)) reject(new CampaignUnavailableError('no demand champion'));
    expect((await previewing).status).toBe(503);
  });
});
