/** GET /v1/models: the serving model, its snapshot and metrics summary, and whether a campaign export can run. */
import { Router } from 'express';
import { ROUTE_SCOPES } from '../api-scopes.js';
import { requireScope } from '../middleware/index.js';
import type { ServingState } from '../serving-state.js';

export interface ModelsRoutesOptions {
  state: ServingState;
}

export function modelsRoutes(options: ModelsRoutesOptions): Router {
  const router = Router();
  router.get('/v1/models', requireScope({ scope: ROUTE_SCOPES.getModel }), (_req, res) => {
    res.json(options.state.modelInfo());
  });
  return router;
}
