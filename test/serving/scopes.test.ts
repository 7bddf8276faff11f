/**
 * Scopes: each /v1 route answers 403 `forbidden` to a key without its scope (the hot route too,
 * whose fast path must then leave the request to Express), and lets a key with it through; and
 * campaign exports run one at a time per key, not per server. No model is trained
 * (one-customer-state.ts).
 */
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { hashApiKey, keyChecker, type ApiKeyEntry } from '../../serving/api-keys.js';
import { apiError } from '../../serving/api-schemas.js';
import { API_SCOPES, ROUTE_SCOPES, type ApiScope } from '../../serving/api-scopes.js';
import { createApp } from '../../serving/app.js';
import type { ServedCampaignLease } from '../../serving/campaign/campaign-set.js';
import { createCampaignService } from '../../serving/campaign/campaign-service.js';
import { CampaignUnavailableError } from '../../serving/errors.js';
import { openApiDocument } from '../../serving/openapi.js';
import { CUSTOMER, oneCustomerState } from './one-customer-state.js';

/** One key per scope, each holding that scope alone, and one holding all. */
const keyOf = (name: string) => `${name}-key-0123456789abcdef0123456789abcdef`;
const entries: ApiKeyEntry[] = [
  ...API_SCOPES.map((scope) => ({ name: `only-${scope.replace(':', '-')}`, scopes: [scope], hash: hashApiKey(keyOf(scope)) })),
  { name: 'everything', scopes: API_SCOPES, hash: hashApiKey(keyOf('everything')) },
];
const state = oneCustomerState();
const logger = pino({ level: 'silent' });
const campaignBody = { productId: 'P1', channel: 'sms', top: 3 };

/** Each route, as a request builder, with the operationId its scope is declared under. */
const routes: Array<[keyof typeof ROUTE_SCOPES, (app: ReturnType<typeof createApp>, key: string) => request.Test]> = [
  ['getRecommendations', (app, key) => request(app).get(`/v1/customers/${CUSTOMER}/recommendations?n=1`).set('X-API-Key', key)],
  [
    'batchRecommendations',
    (app, key) =>
      request(app)
        .post('/v1/recommendations:batch')
        .set('X-API-Key', key)
        .send({ customerIds: [CUSTOMER] }),
  ],
  ['getCustomerProfile', (app, key) => request(app).get(`/v1/customers/${CUSTOMER}/profile`).set('X-API-Key', key)],
  ['exportCampaign', (app, key) => request(app).post('/v1/campaigns:export').set('X-API-Key', key).send(campaignBody)],
  ['previewCampaign', (app, key) => request(app).post('/v1/campaigns:preview').set('X-API-Key', key).send({ productId: 'P1', channel: 'sms' })],
  ['listProductsOnSale', (app, key) => request(app).get('/v1/products?onSale=today').set('X-API-Key', key)],
  ['recordCampaignSent', (app, key) => request(app).post('/v1/campaigns/42:sent').set('X-API-Key', key).send({})],
  ['listCampaigns', (app, key) => request(app).get('/v1/campaigns').set('X-API-Key', key)],
  ['campaignResults', (app, key) => request(app).get('/v1/campaigns/42/results').set('X-API-Key', key)],
  ['getModel', (app, key) => request(app).get('/v1/models').set('X-API-Key', key)],
  ['eraseCustomer', (app, key) => request(app).delete(`/v1/customers/${CUSTOMER}`).set('X-API-Key', key)],
];

describe('scopes', () => {
  it('declares one scope per /v1 operation, the same in /openapi.json', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { operationId: string; security: Array<Record<string, string[]>> }>> };
    const published: Record<string, string[]> = {};
    for (const [path, methods] of Object.entries(doc.paths))
      for (const op of Object.values(methods)) if (path.startsWith('/v1/')) published[op.operationId] = op.security.flatMap((s) => s.apiKey);
    expect(published).toEqual(Object.fromEntries(Object.entries(ROUTE_SCOPES).map(([op, scope]) => [op, [scope]])));
    expect(new Set(routes.map(([op]) => op))).toEqual(new Set(Object.keys(ROUTE_SCOPES)));
  });

  it.each(routes)('%s: 403 forbidden for every key without its scope, through for a key with it', async (operation, call) => {
    const app = createApp({ state, checkKey: keyChecker(entries), logger });
    const needed: ApiScope = ROUTE_SCOPES[operation];
    for (const scope of API_SCOPES) {
      const res = await call(app, keyOf(scope));
      if (scope === needed) {
        // Past the scope: the route's own answer (no campaign service, profile table or erasure here: 503 not_configured).
        expect(res.status, scope).not.toBe(403);
        expect([200, 503], scope).toContain(res.status);
      } else {
        expect(res.status, `${operation} with ${scope}`).toBe(403);
        expect(apiError.parse(res.body).error).toEqual({ code: 'forbidden', message: `this API key does not hold the scope "${needed}" this route needs` });
      }
    }
    expect((await call(app, keyOf('everything'))).status).not.toBe(403);
    expect((await call(app, 'not-a-key-0123456789abcdef0123456789abcdef')).status).toBe(401);
  });

  it('refuses a key without the scope before looking at the request (403, not 400), and the fast path leaves it to Express', async () => {
    for (const fastPath of [true, false]) {
      const app = createApp({ state, checkKey: keyChecker(entries), fastPath, logger });
      const reco = `/v1/customers/${CUSTOMER}/recommendations`;
      expect((await request(app).get(`${reco}?n=0`).set('X-API-Key', keyOf('profiles'))).status).toBe(403);
      // A well-formed request the fast path would answer for a key with the scope: 403 all the same, counted under the route.
      expect((await request(app).get(reco).set('X-API-Key', keyOf('admin'))).status).toBe(403);
      expect((await request(app).get(reco).set('X-API-Key', keyOf('recommendations'))).status).toBe(200);
      const metrics = (await request(app).get('/metrics')).text;
      expect(metrics).toMatch(/wealthrec_http_requests_total\{method="GET",route="\/v1\/customers\/:customerId\/recommendations",status="403"\} 2/);
    }
  });
});

describe('campaign exports, one at a time per key', () => {
  it('answers 409 busy to the key whose export runs, and lets another key export meanwhile', async () => {
    // A source that holds every export at the lease until the test lets go, counting arrivals.
    const waiting: Array<(err: unknown) => void> = [];
    let arrived = 0;
    let onArrival: () => void = () => undefined;
    const source = {
      leaseCampaignSet: () =>
        new Promise<ServedCampaignLease>((_resolve, reject) => {
          waiting.push(reject);
          arrived++;
          onArrival();
        }),
    };
    const arrivals = (n: number) =>
      new Promise<void>((resolve) => {
        onArrival = () => {
          if (arrived >= n) resolve();
        };
        onArrival();
      });
    const campaigns = createCampaignService({ knex: undefined as never, source, exportsDir: '/nonexistent' });
    const app = createApp({
      state,
      checkKey: keyChecker([
        { name: 'crm-team', scopes: ['campaigns:export'], hash: hashApiKey(keyOf('crm')) },
        { name: 'branch-ops', scopes: ['campaigns:export'], hash: hashApiKey(keyOf('branch')) },
      ]),
      campaigns,
      logger,
    });
    const exportAs = (key: string) =>
      request(app)
        .post('/v1/campaigns:export')
        .set('X-API-Key', key)
        .send(campaignBody)
        .then((r) => r);

    const first = exportAs(keyOf('crm'));
    await arrivals(1);
    const again = await exportAs(keyOf('crm'));
    expect(again.status).toBe(409);
    expect(apiError.parse(again.body).error).toEqual({ code: 'busy', message: 'another campaign export of this API key is running: retry when it ends' });

    const other = exportAs(keyOf('branch'));
    await arrivals(2); // the other key's export reached the models while the first still runs
    expect(arrived).toBe(2);

    for (const reject of waiting.splice(0)) reject(new CampaignUnavailableError('no demand champion'));
    expect((await first).status).toBe(503);
    expect((await other).status).toBe(503);
    // The first export over, its key may export again.
    const later = exportAs(keyOf('crm'));
    await arrivals(3);
    for (const reject of waiting.splice(0)) reject(new CampaignUnavailableError('no demand champion'));
    expect((await later).status).toBe(503);
  });
});
