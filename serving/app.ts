/**
 * The WeChat-banking recommendation API as a Node request listener: the fast path
 * (`fast-recommendations.ts`) answers the hot route's well-formed requests, Express
 * (`express-app.ts`) everything else. Requests are validated with the zod schemas of
 * `api-schemas.ts`; every error is JSON `{ error: { code, message } }`; /v1 needs an X-API-Key
 * holding the route's scope, and is rate-limited per key when a limit is given. Liveness never
 * depends on the model; readiness does.
 */
import type { RequestListener } from 'node:http';
import { MemoryStore } from 'express-rate-limit';
import type { Logger } from 'pino';
import { log } from '../src/log.js';
import type { KeyCheck } from './api-keys.js';
import type { CampaignService } from './campaign/campaign-service.js';
import type { CampaignLoop } from './campaign/campaign-loop.js';
import type { CustomerErasure } from './customer-erasure.js';
import type { CustomerProfiles } from './customer-profiles.js';
import type { CustomerSegments } from './customer-segments.js';
import type { ImpressionLog } from './experiments/impression-log.js';
import { createExpressApp } from './express-app.js';
import { fastRecommendations } from './fast-recommendations.js';
import { createServiceMetrics, type ServiceMetrics } from './service-metrics.js';
import type { ServingState } from './serving-state.js';

export interface AppDeps {
  /** The loaded set, readiness and the model's description. */
  state: ServingState;
  /** The API key check (api-keys.ts; watched-api-keys.ts in the server). */
  checkKey: KeyCheck;
  /**
   * Requests per second allowed to one API key; absent, none is counted. Opt-in: no figure suits
   * every deployment (serving/README.md, Security).
   */
  rateLimitPerSecond?: number;
  /** Metrics to record into (created when absent). */
  metrics?: ServiceMetrics;
  /** Answer the hot route's well-formed requests outside Express (default true; false for comparison). */
  fastPath?: boolean;
  /** POST /v1/campaigns:export answers 503 `not_configured` without it. */
  campaigns?: CampaignService;
  /** POST /v1/campaigns/{auditId}:sent, GET /v1/campaigns and its results answer 503 `not_configured` without it. */
  campaignLoop?: CampaignLoop;
  /** GET /v1/customers/{id}/profile answers 503 `not_configured` without it. */
  profiles?: CustomerProfiles;
  /** The profile answer names the customer's segment, and readiness says how old the segmentation is. */
  segments?: CustomerSegments;
  /** DELETE /v1/customers/{id} answers 503 `not_configured` without it. */
  erasure?: CustomerErasure;
  /** Every served list is logged there, off the hot path; absent, nothing is logged. */
  impressions?: ImpressionLog;
  /** Access lines and faults (default: the process's logger). */
  logger?: Logger;
}

export function createApp(deps: AppDeps): RequestListener {
  const metrics = deps.metrics ?? createServiceMetrics();
  // One store shared by the Express limiter and the fast path: one count per key, whichever answers.
  const rateLimit = deps.rateLimitPerSecond === undefined ? undefined : { limit: deps.rateLimitPerSecond, store: new MemoryStore() };
  const app = createExpressApp({
    state: deps.state,
    checkKey: deps.checkKey,
    metrics,
    logger: deps.logger ?? log,
    rateLimit,
    campaigns: deps.campaigns,
    campaignLoop: deps.campaignLoop,
    profiles: deps.profiles,
    segments: deps.segments,
    erasure: deps.erasure,
    impressions: deps.impressions,
  });
  if (deps.fastPath === false) return app;
  const fast = fastRecommendations({ state: deps.state, checkKey: deps.checkKey, rateLimit, metrics, impressions: deps.impressions });
  // Whatever the fast path did not answer, Express answers (with its 500 and log line if it fails there too).
  const toExpress: RequestListener = (req, res) => {
    if (!res.headersSent) app(req, res);
  };
  return (req, res) => {
    let answered: Promise<boolean> | boolean;
    try {
      answered = fast(req, res);
    } catch {
      answered = false;
    }
    if (answered === true) return;
    if (answered === false) toExpress(req, res);
    else
      void answered.then(
        (done) => done || toExpress(req, res),
        () => toExpress(req, res),
      );
  };
}
