/** POST /v1/recommendations:batch: up to 1,000 customers in one call; unknown ids are listed, not an error. */
import { Router } from 'express';
import { batchBody } from '../api-schemas.js';
import { ROUTE_SCOPES } from '../api-scopes.js';
import { requireScope } from '../middleware/index.js';
import type { Recommendations } from '../recommender.js';
import type { ServingState } from '../serving-state.js';
import { validate } from '../validate.js';
import { loadedRecommender } from './loaded-recommender.js';

export interface BatchRoutesOptions {
  state: ServingState;
}

export function batchRoutes(options: BatchRoutesOptions): Router {
  const router = Router();
  router.post('/v1/recommendations\\:batch', requireScope({ scope: ROUTE_SCOPES.batchRecommendations }), async (req, res) => {
    const { customerIds, n } = validate(batchBody, req.body, 'body');
    // One set for the whole batch, even if a reload swaps another in meanwhile.
    const recommender = loadedRecommender(options.state);
    const results: Recommendations[] = [];
    const unknown: string[] = [];
    for (const id of customerIds) {
      const one = await recommender.recommendLive(id, n);
      if (one) results.push(one);
      else unknown.push(id);
    }
    res.json({ results, unknownCustomerIds: unknown });
  });
  return router;
}
