/**
 * The one error path: every error class answers with its own status and code through the one error
 * middleware, body-parser errors as before, and anything unexpected as a logged 500 that does not
 * leak its message; then the same through the composed app, for each refusal a route or middleware
 * makes. No model is trained: the recommender is built from a hand-written scored snapshot
 * (one-customer-state.ts).
 */
import { Writable } from 'node:stream';
import express from 'express';
import { pino, type Logger } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { keyChecker } from '../../serving/api-keys.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { apiError } from '../../serving/api-schemas.js';
import { createApp } from '../../serving/app.js';
import type { ServedCampaignLease } from '../../serving/campaign/campaign-set.js';
import { createCampaignService } from '../../serving/campaign/campaign-service.js';
import {
  BusyError,
  CampaignListUnavailableError,
  CampaignNotSentError,
  CampaignUnavailableError,
  CampaignWindowOpenError,
  ForbiddenError,
  InvalidRequestError,
  NotConfiguredError,
  NotReadyError,
  RateLimitedError,
  RouteNotFoundError,
  UnauthorizedError,
  UnknownCampaignError,
  UnknownCustomerError,
  UnknownProductError,
} from '../../serving/errors.js';
import { errorResponses } from '../../serving/middleware/index.js';
import { SnapshotError } from '../../serving/scored-snapshot.js';
import type { ServingState } from '../../serving/serving-state.js';
import { API_ERROR_CODES, DataRejectedError, UsageError, WealthrecError, type ApiErrorCode } from '../../src/errors.js';
import { ModelDirectoryError } from '../../src/model-directory/model-directory.js';
import { WideTableFormatError } from '../../src/wide-table/index.js';
import { CUSTOMER, oneCustomerState } from './one-customer-state.js';

const KEY = 'errors-test-key-0123456789abcdef01234';

/** A logger whose lines the test reads. */
function capturedLogger(): { logger: Logger; lines: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines: () => text };
}

/** An app with one route that throws `error`, behind the JSON parser, answered by the error middleware under test. */
function throwingApp(error: () => unknown, logger: Logger) {
  const app = express();
  app.use(express.json({ limit: '1kb' }));
  app.post('/boom', () => {
    throw error();
  });
  app.use(errorResponses({ logger }));
  return app;
}

describe('the error middleware', () => {
  const cases: Array<[WealthrecError, number, ApiErrorCode]> = [
    [new InvalidRequestError('body.channel: expected one of sms, wechat, phone'), 400, 'invalid_request'],
    [new UsageError('product P1 is not on sale on the snapshot’s day'), 400, 'invalid_request'],
    [new UnauthorizedError(), 401, 'unauthorized'],
    [new ForbiddenError('this API key does not hold the scope "profiles" this route needs'), 403, 'forbidden'],
    [new RouteNotFoundError(), 404, 'not_found'],
    [new UnknownCustomerError('no customer with this id'), 404, 'unknown_customer'],
    [new UnknownProductError('unknown product "P9": it is not in the products table'), 404, 'unknown_product'],
    [new BusyError('another campaign export is running: retry when it ends'), 409, 'busy'],
    [new DataRejectedError('rows break the import contract'), 422, 'data_rejected'],
    // A class that sets only its status gets that status's code.
    [new WideTableFormatError('/data/x.arrow', 'not an Arrow IPC file'), 422, 'data_rejected'],
    [new RateLimitedError(7), 429, 'rate_limited'],
    [new NotReadyError('no model and snapshot loaded yet'), 503, 'not_ready'],
    [new NotConfiguredError('no profile table is loaded on this server (serve --profiles)'), 503, 'not_configured'],
    [new CampaignUnavailableError('no demand champion in models/demand: run wealthrec demand train --promote'), 503, 'campaign_unavailable'],
    [new UnknownCampaignError('no campaign list was exported with audit id 42'), 404, 'unknown_campaign'],
    [new CampaignListUnavailableError('the file of list 42 is not in ./exports'), 409, 'campaign_list_unavailable'],
    [new CampaignNotSentError('list 42 was never recorded as sent'), 409, 'campaign_not_sent'],
    [new CampaignWindowOpenError('its results can be read from 2025-07-09'), 409, 'campaign_window_open'],
  ];

  it.each(cases)('answers %s with its own status and code, and its message', async (error, status, code) => {
    const { logger, lines } = capturedLogger();
    const res = await request(throwingApp(() => error, logger))
      .post('/boom')
      .expect(status);
    expect(apiError.parse(res.body)).toEqual({ error: { code, message: error.message } });
    expect(error.httpStatus).toBe(status);
    expect(error.code).toBe(code);
    expect(res.headers['retry-after']).toBe(error instanceof RateLimitedError ? '7' : undefined);
    expect(lines()).toBe(''); // the caller's mistake or a known state: no error line
  });

  it('covers every published code: the cases above, body-parser errors and the 500', () => {
    const answered = new Set<string>([...cases.map(([, , code]) => code), 'too_large', 'internal']);
    expect([...answered].sort()).toEqual([...API_ERROR_CODES].sort());
  });

  it('answers body-parser errors as before: 400 for malformed JSON, 413 for a body over the limit', async () => {
    const { logger } = capturedLogger();
    const app = throwingApp(() => new Error('not reached'), logger);
    const malformed = await request(app).post('/boom').set('Content-Type', 'application/json').send('{"a": [').expect(400);
    expect(apiError.parse(malformed.body).error.code).toBe('invalid_request');
    const large = await request(app)
      .post('/boom')
      .send({ text: 'x'.repeat(2000) })
      .expect(413);
    expect(apiError.parse(large.body).error.code).toBe('too_large');
  });

  it.each([
    ['an unexpected Error', () => new Error(`cannot read /srv/secret/${CUSTOMER}.bin`)],
    ['a WealthrecError of status 500', () => new ModelDirectoryError(`/srv/secret/${CUSTOMER}`, 'weights.bin does not match its sha256')],
    ['a SnapshotError', () => new SnapshotError(`/srv/secret/${CUSTOMER}.arrow is a samples wide table`)],
    ['a thrown non-Error', () => `raw string /srv/secret/${CUSTOMER}`],
  ])('answers %s with a logged 500 internal that does not leak its message', async (_name, error) => {
    const { logger, lines } = capturedLogger();
    const res = await request(throwingApp(error, logger)).post('/boom').expect(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'unexpected error' } });
    expect(res.text).not.toContain('secret');
    const logged = lines();
    expect(logged).toContain('"msg":"unexpected error"');
    expect(logged).toContain('/srv/secret/'); // the operator gets the details the caller does not
    expect(logged).toMatch(/"level":50/);
  });
});

describe('the composed app, one error path', () => {
  const loaded = oneCustomerState();
  const empty: ServingState = { recommender: () => null, notReadyBecause: async () => ['no model and snapshot loaded'], modelInfo: () => null };
  const appOn = (state: ServingState, more: Partial<Parameters<typeof createApp>[0]> = {}) => {
    const { logger, lines } = capturedLogger();
    return { app: createApp({ state, checkKey: keyChecker(developmentKeys([KEY])), logger, ...more }), lines };
  };
  const expectError = (res: request.Response, status: number, code: ApiErrorCode) => {
    expect(res.status).toBe(status);
    expect(apiError.parse(res.body).error.code).toBe(code);
  };

  it('answers each refusal of a route or middleware with its status and code', async () => {
    const { app, lines } = appOn(loaded);
    const get = (path: string) => request(app).get(path).set('X-API-Key', KEY);
    await get(`/v1/customers/${CUSTOMER}/recommendations?n=1`).expect(200);
    expectError(await request(app).get(`/v1/customers/${CUSTOMER}/recommendations`), 401, 'unauthorized');
    expectError(await request(app).get('/v1/models').set('X-API-Key', `${KEY}-wrong`), 401, 'unauthorized');
    expectError(await get(`/v1/customers/${CUSTOMER}/recommendations?n=0`), 400, 'invalid_request');
    expectError(await get('/v1/customers/C0000099/recommendations'), 404, 'unknown_customer');
    expectError(await get('/v1/no/such/route'), 404, 'not_found');
    expectError(await request(app).get('/no/such/route'), 404, 'not_found');
    expectError(await get('/v1/customers/C0000099/profile'), 503, 'not_configured');
    expectError(await request(app).post('/v1/campaigns:export').set('X-API-Key', KEY).send({ productId: 'P1', channel: 'sms', top: 3 }), 503, 'not_configured');
    expectError(
      await request(app).post('/v1/recommendations:batch').set('X-API-Key', KEY).set('Content-Type', 'application/json').send('{"customerIds": ['),
      400,
      'invalid_request',
    );
    expectError(
      await request(app)
        .post('/v1/recommendations:batch')
        .set('X-API-Key', KEY)
        .send({ customerIds: ['x'.repeat(300_000)] }),
      413,
      'too_large',
    );
    // None of these is a fault: nothing at error level, and neither the key nor a customer id in any line.
    expect(lines()).not.toMatch(/"level":50/);
    expect(lines()).not.toContain(KEY);
    expect(lines()).not.toContain(CUSTOMER);
  });

  it('answers 503 not_ready on every route that needs the model while none is loaded', async () => {
    const { app } = appOn(empty);
    expectError(await request(app).get(`/v1/customers/${CUSTOMER}/recommendations`).set('X-API-Key', KEY), 503, 'not_ready');
    expectError(
      await request(app)
        .post('/v1/recommendations:batch')
        .set('X-API-Key', KEY)
        .send({ customerIds: [CUSTOMER] }),
      503,
      'not_ready',
    );
  });

  it('answers 429 rate_limited with Retry-After once a key is over its limit', async () => {
    const { app } = appOn(loaded, { rateLimitPerSecond: 1 });
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await request(app).get('/v1/models').set('X-API-Key', KEY);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    // Four calls span fewer than four one-second windows: at least one is refused.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expectError(limited!, 429, 'rate_limited');
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(0);
  });

  it('answers a WealthrecError a route throws by its own status and code, with its message', async () => {
    class UnderMaintenanceError extends WealthrecError {
      override readonly httpStatus = 503;
    }
    for (const [error, status, code] of [
      [new UnderMaintenanceError('the registry is being moved: retry in a minute'), 503, 'not_ready'],
      [new DataRejectedError('the model card does not parse'), 422, 'data_rejected'],
    ] as const) {
      const { app } = appOn({
        ...loaded,
        modelInfo: () => {
          throw error;
        },
      });
      const res = await request(app).get('/v1/models').set('X-API-Key', KEY);
      expectError(res, status, code);
      expect(res.body.error.message).toBe(error.message);
    }
  });

  it('answers an unexpected Error a route throws as a logged 500 internal, without its message, under the route’s template', async () => {
    const { app, lines } = appOn({
      ...loaded,
      modelInfo: () => {
        throw new TypeError(`cannot read /srv/registry/${CUSTOMER}/card.json`);
      },
    });
    const res = await request(app).get('/v1/models').set('X-API-Key', KEY).expect(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'unexpected error' } });
    expect(res.text).not.toContain('/srv/registry');
    expect(lines()).toMatch(/"level":50[^\n]*"msg":"unexpected error"/);
    expect(lines()).toContain('cannot read /srv/registry/');
    const metrics = (await request(app).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/wealthrec_http_requests_total\{method="GET",route="\/v1\/models",status="500"\} 1/);
  });

  it('answers the campaign service’s refusals through the same path: 409 busy while an export runs, then the 503 its source gives', async () => {
    let refuse!: (err: unknown) => void;
    let reached!: () => void;
    const atSource = new Promise<void>((resolve) => (reached = resolve));
    const source = {
      leaseCampaignSet: () =>
        new Promise<ServedCampaignLease>((_resolve, reject) => {
          refuse = reject;
          reached();
        }),
    };
    // The database is never reached: both exports end before it (busy, or refused by the source).
    const campaigns = createCampaignService({ knex: undefined as never, source, exportsDir: '/nonexistent' });
    const { app } = appOn(loaded, { campaigns });
    const body = { productId: 'P1', channel: 'sms', top: 3 };
    const first = request(app)
      .post('/v1/campaigns:export')
      .set('X-API-Key', KEY)
      .send(body)
      .then((r) => r);
    await atSource; // the first export is running, waiting on its source
    const second = await request(app).post('/v1/campaigns:export').set('X-API-Key', KEY).send(body);
    expectError(second, 409, 'busy');
    refuse(new CampaignUnavailableError('no demand champion in models/demand: run wealthrec demand train --promote'));
    const res = await first;
    expectError(res, 503, 'campaign_unavailable');
    expect(res.body.error.message).toMatch(/wealthrec demand train --promote/);
  });
});
