/**
 * The WeChat-banking recommendation API (Express 5). Requests are validated with zod; every error
 * is JSON `{ error: { code, message } }`; /v1 needs an X-API-Key. Liveness never depends on the
 * model; readiness does.
 */
import { createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { log } from '../src/log.js';
import type { KeyCheck } from './api-keys.js';
import type { Recommender } from './recommender.js';

export interface ServingState {
  /** null until a model and snapshot are loaded. */
  recommender(): Recommender | null;
  /** Why the service is not ready (empty when ready): no model, stale snapshot, database down, shutting down. */
  notReadyBecause(): Promise<string[]>;
  /** The champion's card and metrics summary, for GET /v1/models. */
  modelInfo(): unknown;
}

export const MAX_N = 50;
export const MAX_BATCH = 1000;

/** Ids as the import accepts them: 1 to 64 characters, no surrounding spaces, no control characters. */
const customerId = z
  .string()
  .min(1)
  .max(64)
  .refine((s) => s.trim() === s && !/[\u0000-\u001f\u007f]/.test(s), 'a customer id has no surrounding spaces or control characters');
const count = z.coerce.number().int().min(1).max(MAX_N).default(10);
export const recommendationQuery = z.object({ n: count, channel: z.enum(['wechat', 'app', 'web']).default('wechat') }).strict();
export const batchBody = z.object({ customerIds: z.array(customerId).min(1).max(MAX_BATCH), n: count }).strict();

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

/** Customer ids never reach the logs in clear: a short hash still lets one follow a customer's requests. */
export function hashedId(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}

export function createApp(state: ServingState, checkKey: KeyCheck): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const reasons = await state.notReadyBecause();
    res.status(reasons.length === 0 ? 200 : 503).json({ ready: reasons.length === 0, reasons });
  });

  app.use('/v1', (req, _res, next) => {
    if (!checkKey(req.get('x-api-key'))) throw new HttpError(401, 'unauthorized', 'a valid X-API-Key header is required');
    next();
  });

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
    log.debug({ customer: hashedId(id), items: result.items.length }, 'recommendations');
    res.json(result);
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

  app.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'no such route')));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
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
    log.error({ err }, 'unexpected error');
    res.status(500).json({ error: { code: 'internal', message: 'unexpected error' } });
  });
  return app;
}
