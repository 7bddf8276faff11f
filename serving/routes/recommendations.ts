/**
 * GET /v1/customers/{id}/recommendations, the hot route. Its well-formed requests are answered by
 * `fast-recommendations.ts` before Express; this route answers the rest (and every request with
 * --no-fast-path) with the same bytes, those whose list must first be computed from the database,
 * and throws for the errors.
 */
import { Router } from 'express';
import { customerId, recommendationQuery } from '../api-schemas.js';
import { ROUTE_SCOPES } from '../api-scopes.js';
import { NotReadyError, UnknownCustomerError } from '../errors.js';
import type { ImpressionLog } from '../experiments/impression-log.js';
import { recordServed, servedListFor } from '../experiments/served-list.js';
import { hashedId } from '../hashed-id.js';
import { requireScope } from '../middleware/index.js';
import type { ServingState } from '../serving-state.js';
import { validate } from '../validate.js';

export interface RecommendationsRoutesOptions {
  state: ServingState;
  impressions?: ImpressionLog;
}

export function recommendationsRoutes(options: RecommendationsRoutesOptions): Router {
  const router = Router();
  router.get('/v1/customers/:customerId/recommendations', requireScope({ scope: ROUTE_SCOPES.getRecommendations }), async (req, res) => {
    const id = validate(customerId, req.params.customerId, 'customerId');
    const { n } = validate(recommendationQuery, req.query, 'query');
    // A customer the snapshot cannot answer for today (opened since, changed since) has their rows computed first.
    const served = servedListFor(options.state, id);
    if (!served) throw new NotReadyError('no model and snapshot loaded yet');
    const answer = await served.recommender.recommendLive(id, n, served.policy);
    if (!answer) throw new UnknownCustomerError('no customer with this id');
    const result = recordServed(served, answer, options.impressions);
    req.log.debug({ customer: hashedId(id), items: result.items.length }, 'recommendations'); // the same line as the fast path's
    res.json(result);
  });
  return router;
}
