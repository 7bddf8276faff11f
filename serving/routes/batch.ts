/** POST /v1/recommendations:batch: up to 1,000 customers in one call; unknown ids are listed, not an error. */
import { Router } from 'express';
import { batchBody } from '../api-schemas.js';
import { ROUTE_SCOPES } from '../api-scopes.js';
import { requireScope } from '../middleware/index.js';
import type { Recommendations } from '../recommender.js';
import type { ServingState } from '../serving-state.js';
import { validate } from '../validate.js';
import type { ImpressionLog } from '../experiments/impression-log.js';
import { recordServed, servedListFor } from '../experiments/served-list.js';
import { loadedRecommender } from './loaded-recommender.js';

export interface BatchRoutesOptions {
  state: ServingState;
  impressions?: ImpressionLog;
}

export function batchRoutes(options: BatchRoutesOptions): Router {
  const router = Router();
  router.post('/v1/recommendations\\:batch', requireScope({ scope: ROUTE_SCOPES.batchRecommendations }), async (req, res) => {
    const { customerIds, n } = validate(batchBody, req.body, 'body');
    loadedRecommender(options.state); // 503 while no set is loaded
    const results: Recommendations[] = [];
    const unknown: string[] = [];
    for (const id of customerIds) {
      // Each customer in their experiment arm, as the single GET would answer them.
      const served = servedListFor(options.state, id);
      const one = served && (await served.recommender.recommendLive(id, n, served.policy));
      if (served && one) results.push(recordServed(served, one, options.impressions));
      else unknown.push(id);
    }
    res.json({ results, unknownCustomerIds: unknown });
  });
  return router;
}
