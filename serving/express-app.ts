/**
 * The API in Express 5: the middleware and the route modules composed in order. Every error a route
 * or middleware throws ends in `errorResponses`, the one place an error becomes an answer.
 */
import express, { type Express } from 'express';
import type { Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { KeyCheck } from './api-keys.js';
import type { CampaignService } from './campaign/campaign-service.js';
import type { CustomerErasure } from './customer-erasure.js';
import type { CustomerProfiles } from './customer-profiles.js';
import type { CustomerSegments } from './customer-segments.js';
import type { ImpressionLog } from './experiments/impression-log.js';
import { errorResponses, rateLimitPerKey, requestLogging, requireApiKey, routeNotFound, trackRequests } from './middleware/index.js';
import { batchRoutes, campaignRoutes, customerErasureRoutes, modelsRoutes, operationsRoutes, profileRoutes, recommendationsRoutes } from './routes/index.js';
import { consoleRoutes } from './console/console-routes.js';
import { campaignPreviewRoutes } from './routes/index.js';
import { campaignLoopRoutes } from './routes/index.js';
import type { CampaignLoop } from './campaign/campaign-loop.js';
import type { ServiceMetrics } from './service-metrics.js';
import type { ServingState } from './serving-state.js';

export interface ExpressAppOptions {
  state: ServingState;
  checkKey: KeyCheck;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Requests per second per key, counted in `store` (shared with the fast path); absent, no limit. */
  rateLimit?: { limit: number; store: Store };
  campaigns?: CampaignService;
  campaignLoop?: CampaignLoop;
  profiles?: CustomerProfiles;
  segments?: CustomerSegments;
  erasure?: CustomerErasure;
  impressions?: ImpressionLog;
}

/** Largest JSON body accepted (a full batch of 1,000 ids is about 30 kB); bigger gets 413 too_large. */
const JSON_LIMIT = '256kb';

export function createExpressApp(options: ExpressAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // answers are per customer and per day: no caller revalidates them, so no body is hashed for an ETag
  app.use(trackRequests({ metrics: options.metrics }));
  app.use(requestLogging({ logger: options.logger }));
  app.use(express.json({ limit: JSON_LIMIT }));

  app.use(operationsRoutes({ state: options.state, metrics: options.metrics, segments: options.segments })); // no key: the balancer and Prometheus call them
  app.use(consoleRoutes()); // no key: the page holds no data; it asks for a key and each of its calls needs the campaigns:export scope
  app.use('/v1', requireApiKey({ checkKey: options.checkKey }));
  if (options.rateLimit) app.use('/v1', rateLimitPerKey(options.rateLimit));
  // Each route checks its scope (api-scopes.ts) first. Each router holds full paths and is mounted
  // at the root, so a route's template (metrics, logs) is its path whether it answers or throws.
  app.use(modelsRoutes({ state: options.state }));
  app.use(recommendationsRoutes({ state: options.state, impressions: options.impressions }));
  app.use(profileRoutes({ profiles: options.profiles, segments: options.segments }));
  app.use(batchRoutes({ state: options.state, impressions: options.impressions }));
  app.use(campaignRoutes({ campaigns: options.campaigns }));
  app.use(campaignPreviewRoutes({ campaigns: options.campaigns }));
  app.use(campaignLoopRoutes({ loop: options.campaignLoop }));
  app.use(customerErasureRoutes({ erasure: options.erasure }));

  app.use(routeNotFound());
  app.use(errorResponses({ logger: options.logger }));
  return app;
}
