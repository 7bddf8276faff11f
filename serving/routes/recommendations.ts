/**
 * GET /v1/customers/{id}/recommendations, the hot route. Its well-formed requests are answered by
 * `fast-recommendations.ts` before Express; this route answers the rest (and every request with
 * --no-fast-path) with the same bytes, those whose list must first be computed from the database,
 * and throws for the errors.
 */
import { Router } from 'express';
import { customerId, recommendationQuery } from '../api-schemas.js';
import { ROUTE_SCOPES } from '../api-scopes.js';
import { UnknownCustomerError } from '../errors.js';
import { hashedId } from '../hashed-id.js';
import { requireScope } from '../middleware/index.js';
import type { ServingState } from '../serving-state.js';
import { validate } from '../validate.js';
import { loadedRecommender } from './loaded-recommender.js';

export interface RecommendationsRoutesOptions {
  state: ServingState;
}

export function recommendationsRoutes(options: RecommendationsRoutesOptions): Router {
  const router = Router();
  router.get('/v1/customers/:customerId/recommendations', requireScope({ scope: ROUTE_SCOPES.getRecommendations }), async (req, res) => {
    const id = validate(customerId, req.params.customerId, 'customerId');
    const { n } = validate(recommendationQuery, req.query, 'query');
    // A customer the snapshot cannot answer for today (opened since, changed since) has their rows computed first.
    const result = await loadedRecommender(options.state).recommendLive(id, n);
    if (!result) throw new UnknownCustomerError('no customer with this id');
    req.log.debug({ customer: hashedId(id), items: result.items.length }, 'recommendations'); // the same line as the fast path's
    res.json(result);
  });
  return router;
}
