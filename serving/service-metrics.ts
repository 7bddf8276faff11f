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
  /** Reads of the changed API keys file, by result (failed: the previous keys stay in force). */
  apiKeyReloads: Counter<'result'>;
  /** Campaign lists deleted after the retention period. */
  exportsDeleted: Counter;
  /** The change feed: imports applied, and the seconds from each one's commit to its effect on answers. */
  feedApplied: (runs: number, delays: readonly number[]) => void;
  /** Seconds since the change feed was last caught up, read when /metrics is scraped. */
  setFeedLag: (read: () => number) => void;
  /** Customers whose rows were computed on request, by result, and how long each took. */
  recomputed: (seconds: number, ok: boolean) => void;
  /** Served lists of the impression log, by result: written, or dropped (queue_full, write_failed). */
  impressions: Counter<'result'>;
  /** Reads of the running experiment that found it changed and built its arms, by result. */
  experimentRefreshes: Counter<'result'>;
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
  const apiKeyReloads = new Counter({
    name: 'wealthrec_api_key_reloads_total',
    help: 'reads of the changed API keys file, by result (failed: the previous keys stay in force)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const exportsDeleted = new Counter({
    name: 'wealthrec_campaign_exports_deleted_total',
    help: 'campaign lists deleted after the retention period, each with its audit record',
    registers: [registry],
  });

  const feedRuns = new Counter({ name: 'wealthrec_change_feed_runs_total', help: 'committed imports applied to the served set', registers: [registry] });
  const feedDelay = new Histogram({
    name: 'wealthrec_change_feed_delay_seconds',
    help: 'time from an import’s commit to its effect on answers',
    buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  let readLag: () => number = () => 0;
  new Gauge({
    name: 'wealthrec_change_feed_lag_seconds',
    help: 'seconds since the change feed was last caught up with committed imports',
    registers: [registry],
    collect() {
      this.set(readLag());
    },
  });
  const recomputations = new Counter({
    name: 'wealthrec_recomputations_total',
    help: 'customers whose rows were computed on request (opened or changed since the snapshot), by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const recomputeSeconds = new Histogram({
    name: 'wealthrec_recompute_duration_seconds',
    help: 'time to read a customer’s history, compute and score their rows',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25],
    registers: [registry],
  });

  const impressions = new Counter({
    name: 'wealthrec_impressions_total',
    help: 'served lists of the impression log, by result: written, or dropped because the queue was full (queue_full) or the database refused the batch (write_failed)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const experimentRefreshes = new Counter({
    name: 'wealthrec_experiment_refreshes_total',
    help: 'reads of the running experiment from the database, by result (failed: the previous arms, or the champion alone, keep answering)',
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
    apiKeyReloads,
    exportsDeleted,
    impressions,
    experimentRefreshes,
    observe,
    inFlight,
    feedApplied(runs, delays) {
      feedRuns.inc(runs);
      for (const d of delays) feedDelay.observe(d);
    },
    setFeedLag(read) {
      readLag = read;
    },
    recomputed(seconds, ok) {
      recomputations.inc({ result: ok ? 'ok' : 'failed' });
      if (ok) recomputeSeconds.observe(seconds);
    },
    setModel(info) {
      model.reset();
      model.set({ version: info.version, snapshot_as_of: info.snapshotAsOf }, 1);
    },
  };
}
