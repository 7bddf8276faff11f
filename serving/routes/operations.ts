/**
 * What operations and the balancer read, without a key: liveness (never depends on the model),
 * readiness (model loaded, snapshot fresh, database up, not shutting down), Prometheus metrics and
 * the OpenAPI document.
 */
import { Router } from 'express';
import { openApiDocument } from '../openapi.js';
import type { CustomerSegments } from '../customer-segments.js';
import type { ServiceMetrics } from '../service-metrics.js';
import type { ServingState } from '../serving-state.js';

export interface OperationsRoutesOptions {
  state: ServingState;
  metrics: ServiceMetrics;
  /** When loaded, readiness says how old the segmentation is (information: an old one does not make the service unready). */
  segments?: CustomerSegments;
}

export function operationsRoutes(options: OperationsRoutesOptions): Router {
  const openapi = JSON.stringify(openApiDocument()); // built once: it depends only on the schemas
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const reasons = await options.state.notReadyBecause();
    res
      .status(reasons.length === 0 ? 200 : 503)
      .json({ ready: reasons.length === 0, reasons, ...(options.segments ? { segments: options.segments.age() } : {}) });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openapi);
  });
  return router;
}
