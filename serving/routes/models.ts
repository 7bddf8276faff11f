/** GET /v1/models: the serving model, its snapshot and metrics summary, and whether a campaign export can run. */
import { Router } from 'express';
import type { ServingState } from '../serving-state.js';

export interface ModelsRoutesOptions {
  state: ServingState;
}

export function modelsRoutes(o: ModelsRoutesOptions): Router {
  const router = Router();
  router.get('/v1/models', (_req, res) => {
    res.json(o.state.modelInfo());
  });
  return router;
}
