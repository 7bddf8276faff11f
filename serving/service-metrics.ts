/**
 * Prometheus metrics (prom-client) for /metrics. Requests are labelled by route template
 * (`/v1/customers/:customerId/recommendations`), never by path, so no customer id reaches a label
 * and the number of series stays fixed.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  /** Counts and times one answered request under its route template (Express's `trackRequests` and the fast path). */
  observe: (method: string, route: string, status: number, seconds: number) => void;
  /** Requests being answered by Express (the fast path answers within one turn of the event loop). */
  inFlight: Gauge;
  /** The serving model and snapshot, as an info gauge (value 1). */
  setModel: (info: { version: string; snapshotAsOf: string }) => void;
  reloads: Counter<'result'>;
}

export function createServiceMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wealthrec_' });
  const requests = new Counter({
    name: 'wealthrec_http_requests_total',
    help: 'HTTP requests answered',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'wealthrec_http_request_duration_seconds',
    help: 'time from request to response, by route template',
    labelNames: ['method', 'route'] as const,
    // The budget is milliseconds: fine buckets below 10 ms, coarse above.
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const inFlight = new Gauge({ name: 'wealthrec_http_requests_in_flight', help: 'requests being answered', registers: [registry] });
  const model = new Gauge({
    name: 'wealthrec_model_info',
    help: 'the serving model version and snapshot day (value 1)',
    labelNames: ['version', 'snapshot_as_of'] as const,
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'wealthrec_reloads_total',
    help: 'model and snapshot reloads, by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });

  const observe = (method: string, route: string, status: number, seconds: number) => {
    requests.inc({ method, route, status: String(status) });
    duration.observe({ method, route }, seconds);
  };
  return {
    registry,
    reloads,
    observe,
    inFlight,
    setModel(info) {
      model.reset();
      model.set({ version: info.version, snapshot_as_of: info.snapshotAsOf }, 1);
    },
  };
}
