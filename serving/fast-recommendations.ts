/**
 * The one hot route, answered without Express when everything about the request is in order:
 * `GET /v1/customers/{id}/recommendations` with a valid key that holds the route's scope, a valid id
 * and query, a known customer, a key under its rate limit (when there is one) and a model loaded. On this 2-core machine Express's routing and
 * middleware cost more than the answer itself (BENCHMARKS.md, serving: the same route through
 * Express alone answers under a third as many requests, at several times the p99), so WeChat banking’s
 * call skips them. Anything else returns false and Express handles
 * the request: every error response is defined once, there. The fast path writes the same status,
 * headers and bytes as the Express route (tested), counts in the same metrics under the same route
 * label, and counts against the same rate-limit store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from 'express-rate-limit';
import { log } from '../src/log.js';
import type { KeyCheck } from './api-keys.js';
import { ROUTE_SCOPES } from './api-scopes.js';
import { customerId, recommendationQuery } from './api-schemas.js';
import type { ServingState } from './serving-state.js';
import { hashedId } from './hashed-id.js';
import { recordServed, servedListFor } from './experiments/served-list.js';
import type { ImpressionLog } from './experiments/impression-log.js';
import { NEEDS_RECOMPUTE } from './recommender.js';
import { assignRequestId } from './request-id.js';
import type { ServiceMetrics } from './service-metrics.js';

export const RECOMMENDATIONS_ROUTE = '/v1/customers/:customerId/recommendations';
const PATH = /^\/v1\/customers\/([^/?#]+)\/recommendations(?:\?([^#]*))?$/;

export interface FastPathDeps {
  state: ServingState;
  checkKey: KeyCheck;
  /** The per-key limit and its count, shared with Express; absent, no request is counted. */
  rateLimit?: { limit: number; store: Store };
  metrics: ServiceMetrics;
  /** Where every served list is logged (off the hot path); absent, nothing is logged. */
  impressions?: ImpressionLog;
}

/** True (or a promise of true) when it answered, false when Express should. */
export function fastRecommendations(deps: FastPathDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean {
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const started = process.hrtime.bigint();
    const match = PATH.exec(req.url ?? '');
    if (!match) return false;
    const holder = deps.checkKey(req.headers['x-api-key'] as string | undefined);
    // Without the scope, Express answers 403 (the error is defined there once).
    if (holder === null || !holder.scopes.has(ROUTE_SCOPES.getRecommendations)) return false;
    let id: string;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      return false;
    }
    if (!customerId.safeParse(id).success) return false;
    const params = new URLSearchParams(match[2] ?? '');
    // A repeated parameter is an array to Express's query parser; leave that case to it.
    const query: Record<string, string> = {};
    for (const [name, value] of params) {
      if (name in query) return false;
      query[name] = value;
    }
    const parsed = recommendationQuery.safeParse(query);
    if (!parsed.success) return false;
    const served = servedListFor(deps.state, id);
    const answer = served?.recommender.recommend(id, parsed.data.n, served.policy);
    // An unknown customer (404), or one whose list must first be computed from the database: Express answers.
    if (!served || !answer || answer === NEEDS_RECOMPUTE) return false;
    const send = (): true => {
      const requestId = assignRequestId(req, res);
      const body = JSON.stringify(recordServed(served, answer, deps.impressions));
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.end(body);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // Not in requests_in_flight: answered within one turn of the event loop (and a microtask), so no
      // /metrics scrape can run while one is in flight.
      deps.metrics.observe('GET', RECOMMENDATIONS_ROUTE, 200, seconds);
      if (log.isLevelEnabled('debug')) log.debug({ req: { id: requestId }, customer: hashedId(id), items: answer.items.length }, 'recommendations');
      if (log.isLevelEnabled('info'))
        log.info(
          { req: { id: requestId, method: 'GET' }, res: { statusCode: 200 }, responseTime: Math.round(seconds * 1000), route: RECOMMENDATIONS_ROUTE },
          'request completed',
        );
      return true;
    };
    const limited = deps.rateLimit;
    if (!limited) return send();
    // Counted last, so a request Express will refuse for another reason is not counted twice.
    // Over the limit, Express counts it again and answers 429: the key is over its limit either way.
    return Promise.resolve(limited.store.increment(holder.name)).then((hits) => hits.totalHits <= limited.limit && send());
  };
}
