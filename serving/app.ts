/**
 * The WeChat-banking recommendation API (Express 5). Requests are validated with the zod schemas of
 * `api-schemas.ts`; every error is JSON `{ error: { code, message } }`; /v1 needs an X-API-Key and
 * is rate-limited per key. Liveness never depends on the model; readiness does. The hot route's
 * well-formed requests are answered by `fast-recommendations.ts` before Express sees them.
 */
import { createReadStream } from 'node:fs';
import type { RequestListener } from 'node:http';
import { pipeline } from 'node:stream/promises';
import express, { type NextFunction, type Request, type Response } from 'express';
import { MemoryStore, rateLimit } from 'express-rate-limit';
import { pinoHttp } from 'pino-http';
import type { z } from 'zod';
import { UsageError } from '../src/errors.js';
import { log } from '../src/log.js';
import { campaignRequestSchema } from './campaign/campaign-request.js';
import type { CampaignService } from './campaign/campaign-service.js';
import { UnknownProductError } from './campaign/export-campaign.js';
import type { KeyCheck } from './api-keys.js';
import { batchBody, customerId, recommendationQuery } from './api-schemas.js';
import { fastRecommendations } from './fast-recommendations.js';
import type { CustomerProfiles } from './customer-profiles.js';
import { hashedId } from './hashed-id.js';
import { openApiDocument } from './openapi.js';
import { assignRequestId } from './request-id.js';
import { createServiceMetrics, routeTemplate, type ServiceMetrics } from './service-metrics.js';
import type { ServingState } from './serving-state.js';
import type { Recommender } from './recommender.js';

export interface AppOptions {
  /** Requests per second allowed to one API key (default 10,000). */
  rateLimitPerSecond?: number;
  /** Metrics to record into (created when absent). */
  metrics?: ServiceMetrics;
  /** Answer the hot route's well-formed requests outside Express (default true; false for comparison). */
  fastPath?: boolean;
  /** POST /v1/campaigns:export answers 503 without it. */
  campaigns?: CampaignService;
  /** GET /v1/customers/{id}/profile answers 503 without it. */
  profiles?: CustomerProfiles;
}

/** Above what one process answers here (BENCHMARKS.md), so by default it stops only a runaway client; set it per contract. */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 10_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HttpError(400, 'invalid_request', `${where}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`);
  }
  return result.data;
}

/** The API as a Node request listener: the fast path first, then Express. */
export function createApp(state: ServingState, checkKey: KeyCheck, options: AppOptions = {}): RequestListener {
  const metrics = options.metrics ?? createServiceMetrics();
  const limit = options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND;
  const store = new MemoryStore(); // shared by the Express limiter and the fast path: one count per key
  const app = expressApp(state, checkKey, metrics, store, limit, options.campaigns ?? null, options.profiles ?? null);
  if (options.fastPath === false) return app;
  const fast = fastRecommendations({ state, checkKey, store, limit, metrics });
  // Whatever the fast path did not answer, Express answers (with its 500 and log line if it fails there too).
  const toExpress: RequestListener = (req, res) => {
    if (!res.headersSent) app(req, res);
  };
  return (req, res) => {
    let answered: Promise<boolean> | false;
    try {
      answered = fast(req, res);
    } catch {
      answered = false;
    }
    if (answered === false) toExpress(req, res);
    else
      void answered.then(
        (done) => done || toExpress(req, res),
        () => toExpress(req, res),
      );
  };
}

function expressApp(state: ServingState, checkKey: KeyCheck, metrics: ServiceMetrics, store: MemoryStore, limit: number, campaigns: CampaignService | null, profiles: CustomerProfiles | null): express.Express {
  const openapi = JSON.stringify(openApiDocument());
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are per customer and per day: no caller revalidates them, so no body is hashed for an ETag
  app.use(metrics.track);
  app.use(
    pinoHttp({
      logger: log,
      genReqId: assignRequestId,
      // The URL holds the customer id and the headers the API key: log neither. The route template
      // is known only once routed, so it is added to the completion line.
      serializers: {
        req: (req: { id: unknown; method: string }) => ({ id: req.id, method: req.method }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customSuccessObject: (req, _res, line) => ({ ...line, route: routeTemplate(req as Request) }),
      // A 5xx without an exception gets a made-up Error with a stack from pino-http: keep only real ones.
      customErrorObject: (req, res, error, line) => ({ ...line, err: (res as Response & { err?: unknown }).err ?? (error.message.startsWith('failed with status code') ? undefined : error), route: routeTemplate(req as Request) }),
      // 503 is expected while starting or shutting down; any other 5xx is a fault.
      customLogLevel: (_req, res, err) => (err || (res.statusCode >= 500 && res.statusCode !== 503) ? 'error' : res.statusCode === 503 ? 'warn' : 'info'),
    }),
  );
  app.use(express.json({ limit: '256kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const reasons = await state.notReadyBecause();
    res.status(reasons.length === 0 ? 200 : 503).json({ ready: reasons.length === 0, reasons });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openapi);
  });

  app.use('/v1', (req, res, next) => {
    const keyId = checkKey(req.get('x-api-key'));
    if (keyId === null) throw new HttpError(401, 'unauthorized', 'a valid X-API-Key header is required');
    res.locals.apiKeyId = keyId;
    next();
  });
  app.use(
    '/v1',
    rateLimit({
      windowMs: 1000,
      limit,
      store,
      keyGenerator: (_req, res) => res.locals.apiKeyId as string,
      // No RateLimit headers on every answer (the fast path writes none either); Retry-After on a 429.
      standardHeaders: false,
      legacyHeaders: false,
      handler: (req, res, next) => {
        const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        res.setHeader('Retry-After', String(Math.max(0, Math.ceil(((resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000))));
        next(new HttpError(429, 'rate_limited', 'too many requests for this API key: retry after the Retry-After seconds'));
      },
    }),
  );

  const recommender = (): Recommender => {
    const r = state.recommender();
    if (!r) throw new HttpError(503, 'not_ready', 'no model and snapshot loaded yet');
    return r;
  };

  app.get('/v1/models', (_req, res) => {
    res.json(state.modelInfo());
  });

  app.get('/v1/customers/:customerId/recommendations', (req, res) => {
    const id = parse(customerId, req.params.customerId, 'customerId');
    const { n } = parse(recommendationQuery, req.query, 'query');
    const result = recommender().recommend(id, n);
    if (!result) throw new HttpError(404, 'unknown_customer', 'no customer with this id');
    req.log.debug({ customer: hashedId(id), items: result.items.length }, 'recommendations'); // the same line as the fast path's
    res.json(result);
  });

  app.get('/v1/customers/:customerId/profile', (req, res) => {
    const id = parse(customerId, req.params.customerId, 'customerId');
    if (!profiles) throw new HttpError(503, 'not_configured', 'no profile table is loaded on this server (serve --profiles)');
    const profile = profiles.get(id);
    if (!profile) throw new HttpError(404, 'unknown_customer', `no profile for this customer in the table as of ${profiles.meta.asOf}`);
    res.json(profile);
  });

  app.post('/v1/recommendations\\:batch', (req, res) => {
    const { customerIds, n } = parse(batchBody, req.body, 'body');
    const r = recommender();
    const results = [];
    const unknown: string[] = [];
    for (const id of customerIds) {
      const one = r.recommend(id, n);
      if (one) results.push(one);
      else unknown.push(id);
    }
    res.json({ results, unknownCustomerIds: unknown });
  });

  // The list itself as CSV, once it is written and recorded; what was excluded and why in headers.
  app.post('/v1/campaigns\\:export', async (req, res) => {
    const request = parse(campaignRequestSchema, req.body, 'body');
    if (!campaigns) throw new HttpError(503, 'not_configured', 'campaign export is not configured on this server');
    const running = campaigns.export(request, `api ${res.locals.apiKeyId as string}`);
    if (!running) throw new HttpError(409, 'busy', 'another campaign export is running: retry when it ends');
    const result = await running.catch((err: unknown) => {
      if (err instanceof UnknownProductError) throw new HttpError(404, 'unknown_product', err.message);
      if (err instanceof UsageError) throw new HttpError(400, 'invalid_request', err.message);
      throw err;
    });
    req.log.info({ auditId: result.auditId, rows: result.rows, excluded: result.excluded }, 'campaign exported');
    res.setHeader('X-Audit-Id', String(result.auditId));
    res.setHeader('X-Content-Sha256', result.sha256);
    res.setHeader('X-Campaign-Summary', JSON.stringify({ asOf: result.asOf, customers: result.customers, candidates: result.candidates, rows: result.rows, excluded: result.excluded }));
    res.type('text/csv; charset=utf-8');
    await pipeline(createReadStream(result.file), res);
  });

  app.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'no such route')));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message } });
      return;
    }
    // Body-parser errors carry their own status (413 too large, 400 malformed JSON).
    const status = (err as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: status === 413 ? 'too_large' : 'invalid_request', message: (err as Error).message } });
      return;
    }
    req.log.error({ err }, 'unexpected error');
    res.status(500).json({ error: { code: 'internal', message: 'unexpected error' } });
  });
  return app;
}
