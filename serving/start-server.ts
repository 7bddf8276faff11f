/**
 * The serving process: opens the database, loads the champion and scores the snapshot (with the
 * demand champion for campaign exports), listens, reloads on a new champion, demand champion or
 * snapshot, and drains on SIGTERM. What `wealthrec serve` runs.
 */
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { migrateToLatest, openDatabase, rememberDatabaseFile, resolveDbUrl } from '../src/db/index.js';
import { settledWithin } from '../src/deadline.js';
import { todayInBank, type DayNumber } from '../src/domain/dates.js';
import { UsageError } from '../src/errors.js';
import { log } from '../src/log.js';
import { CHAMPION_FILE, DEMAND_REGISTRY, modelsRoot } from '../src/model-directory/registry.js';
import { selectBackend } from '../src/tf-backend/select-backend.js';
import type { LiveRowSource } from '../src/wide-table/live-rows.js';
import { createApp } from './app.js';
import { createCampaignLoop } from './campaign/campaign-loop.js';
import { createCampaignService } from './campaign/campaign-service.js';
import { DEFAULT_EXPORT_RETENTION_DAYS, keepExportsFor } from './campaign/export-retention.js';
import { createCustomerErasure } from './customer-erasure.js';
import { CustomerProfiles } from './customer-profiles.js';
import { CustomerSegments } from './customer-segments.js';
import { shutDownGracefully } from './graceful-shutdown.js';
import { reloadOnChange } from './reload-on-change.js';
import { meteredImpressionLog } from './experiments/metered-impression-log.js';
import { pollExperiments } from './experiments/poll-experiments.js';
import { DEFAULT_FEED_POLL_MS, pollChangeFeed } from './live/poll-change-feed.js';
import { createServiceMetrics, type ServiceMetrics } from './service-metrics.js';
import { LiveServingState, type LoadedSet, type ReasonsWhen } from './serving-state.js';
import { openApiKeys, type ApiKeys, type ApiKeySource } from './watched-api-keys.js';

export interface ServerOptions {
  snapshot: string;
  exportsDir: string;
  /** Profile table answered by GET /v1/customers/{id}/profile. */
  profiles?: string;
  /** Segmentation (wealthrec segments build) whose segment the profile answer names. */
  segments?: string;
  port: number;
  host: string;
  models?: string;
  db?: string;
  /** A keys file (watched: keys rotate without a restart), or development keys (WEALTHREC_API_KEYS). */
  apiKeys: ApiKeySource;
  maxSnapshotAgeDays?: number;
  /** Requests per second allowed to one API key; absent, no limit (serving/README.md, Security). */
  rateLimit?: number;
  /** Exported lists are deleted after this many days, each with an audit record (default 30). */
  exportRetentionDays?: number;
  drainDelayMs: number;
  shutdownTimeoutMs: number;
  reloadPollMs: number;
  /** false answers every request through Express (to measure what the fast path saves). */
  fastPath: boolean;
  /** The bank day to serve (default: today in bank time); a bank replayed from history (the demo) gives its last day. */
  today?: DayNumber;
  /** Threads that score the snapshot at load (default: every core). */
  scoringThreads?: number;
  /** When the items get their reasons (src/reasons/): after readiness by default (`background`), `load`, or `off`. */
  reasons?: ReasonsWhen;
  /** How often the change feed looks for committed imports (default 1,000 ms). */
  feedPollMs?: number;
  /** Readiness fails when the change feed has not caught up for this long (default 60 s). */
  maxFeedLagSeconds?: number;
  /**
   * Opens the source of rows computed on request (the feature stage's live row source, wired in by
   * the command): without it, customers the snapshot cannot answer for today get its rows.
   */
  openLiveRows?: (knex: Knex) => Promise<LiveRowSource>;
}

/** Serves until SIGTERM or SIGINT, then drains and exits 0. `onListening` runs once the port is open. */
export async function startServer(options: ServerOptions, onListening: (loaded: LoadedSet, url: string) => void = () => undefined): Promise<never> {
  const metrics = createServiceMetrics();
  // A keys file that cannot be read stops the start here, before anything is open.
  const apiKeys = openApiKeys(options.apiKeys, {
    pollMs: options.reloadPollMs,
    onReload: (o) => metrics.apiKeyReloads.inc({ result: o.ok ? 'ok' : 'failed' }),
  });
  // Whatever started is stopped again if the start fails: an open pool or a timer would keep the process alive.
  const started: Array<() => Promise<unknown> | unknown> = [() => apiKeys.stop()];
  try {
    await selectBackend();
    // A server reads a bank: a path that names no database is a mistake, not an empty bank to create.
    const { knex, target } = openDatabase(resolveDbUrl(options.db), { mustExist: true });
    started.push(() => knex.destroy());
    return await serve(options, onListening, { knex, target, metrics, apiKeys, started });
  } catch (err) {
    for (const stop of started.reverse()) await settledWithin(Promise.resolve().then(stop), STOP_MS);
    throw err;
  }
}

/** A step of a failed start or of a shutdown gets this long to stop; a database that hangs does not hold the process. */
const STOP_MS = 2000;

interface Opened {
  knex: Knex;
  target: { display: string };
  metrics: ServiceMetrics;
  apiKeys: ApiKeys;
  started: Array<() => Promise<unknown> | unknown>;
}

async function serve(
  options: ServerOptions,
  onListening: (loaded: LoadedSet, url: string) => void,
  { knex, target, metrics, apiKeys, started }: Opened,
): Promise<never> {
  await migrateToLatest(knex);
  rememberDatabaseFile(knex);
  const root = modelsRoot(options.models);
  let profiles: CustomerProfiles | undefined;
  let segments: CustomerSegments | undefined;
  const state = new LiveServingState(knex, {
    modelsRoot: root,
    snapshotPath: options.snapshot,
    maxSnapshotAgeDays: options.maxSnapshotAgeDays,
    today: () => options.today ?? todayInBank(),
    liveRows: options.openLiveRows ? await options.openLiveRows(knex) : undefined,
    maxFeedLagSeconds: options.maxFeedLagSeconds,
    onRecomputed: metrics.recomputed,
    scoringThreads: options.scoringThreads ?? availableParallelism(),
    reasons: options.reasons ?? 'background',
    // An erased customer's profile stops being answered at once, like their recommendations.
    onErased: (ids) => {
      for (const id of ids) {
        profiles?.forget(id);
        segments?.forget(id);
      }
    },
  });
  started.push(() => state.dispose());
  metrics.setFeedLag(() => state.feedLagSeconds());
  const load = async (): Promise<LoadedSet> => {
    const set = await state.reload();
    metrics.setModel({ version: set.version, snapshotAsOf: set.asOf });
    return set;
  };
  const loaded = await load();
  // Experiments: the running one is read before the first answer, then every poll interval.
  await state.refreshExperiment().catch((err) => log.error({ err }, 'the running experiment could not be set up: the champion answers everyone'));
  const experiments = pollExperiments(state, (ok) => metrics.experimentRefreshes.inc({ result: ok ? 'ok' : 'failed' }));
  started.push(() => experiments.stop());
  const impressions = meteredImpressionLog(knex, metrics);
  started.push(() => impressions.stop());

  // A new champion (recommender or demand) or a new snapshot is picked up without a restart; a bad
  // one is reported and the old set keeps serving. The demand pointer may not exist yet: its
  // appearance (the first `demand train --promote`) is a change too.
  const watch = reloadOnChange(
    [join(root, CHAMPION_FILE), join(root, DEMAND_REGISTRY, CHAMPION_FILE), options.snapshot],
    () =>
      load().then((set) =>
        console.log(
          `reloaded: now serving ${set.version}, snapshot as of ${set.asOf}; campaign export ${set.campaignExport.available ? `with demand model ${set.campaignExport.demandModelVersion}` : 'unavailable'}`,
        ),
      ),
    (outcome) => {
      metrics.reloads.inc({ result: outcome.ok ? 'ok' : 'failed' });
      if (!outcome.ok) log.error({ err: outcome.error, trigger: outcome.trigger }, 'reload failed: the previous model and snapshot keep serving');
    },
    options.reloadPollMs,
  );
  started.push(() => watch.stop());

  // The change feed: imports committed while serving change answers within a poll interval.
  const feed = pollChangeFeed(state, metrics, options.feedPollMs ?? DEFAULT_FEED_POLL_MS);
  started.push(() => feed.stop());

  const campaigns = createCampaignService({ knex, source: state, exportsDir: options.exportsDir });
  const retention = keepExportsFor({
    knex,
    exportsDir: options.exportsDir,
    retentionDays: options.exportRetentionDays ?? DEFAULT_EXPORT_RETENTION_DAYS,
    onDeleted: () => metrics.exportsDeleted.inc(),
  });
  started.push(() => retention.stop());
  profiles = options.profiles ? await CustomerProfiles.load(options.profiles) : undefined;
  if (profiles) console.log(`profiles: ${profiles.customers.toLocaleString('en')} customers as of ${profiles.meta.asOf} (${options.profiles})`);
  segments = options.segments ? await CustomerSegments.load(options.segments, () => options.today ?? todayInBank()) : undefined;
  if (segments)
    console.log(
      `segments: ${segments.customers.toLocaleString('en')} customers in ${segments.model.k} segments as of ${segments.model.asOf} (${options.segments})`,
    );
  const server = createServer(
    createApp({
      state,
      checkKey: apiKeys.check,
      metrics,
      rateLimitPerSecond: options.rateLimit,
      fastPath: options.fastPath,
      campaigns,
      campaignLoop: createCampaignLoop({ knex, exportsDir: options.exportsDir, today: () => options.today ?? todayInBank() }),
      profiles,
      segments,
      erasure: createCustomerErasure({ knex, exportsDir: options.exportsDir, state }),
      impressions,
    }),
  ).listen(options.port, options.host);
  started.push(() => new Promise((resolve) => server.close(resolve)));
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject)).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EADDRINUSE' ? new UsageError(`${options.host}:${options.port} is already in use: pass another --port`) : err;
  });
  const url = `http://${options.host}:${options.port}`;
  console.log(
    `serving model ${loaded.version}, snapshot as of ${loaded.asOf} (${loaded.customers.toLocaleString('en')} customers, ${loaded.rows.toLocaleString('en')} rows scored in ${loaded.seconds.toFixed(1)} s), database ${target.display}`,
  );
  const c = loaded.campaignExport;
  console.log(
    c.available
      ? `campaign export: demand model ${c.demandModelVersion}, exports in ${options.exportsDir}`
      : `campaign export unavailable (POST /v1/campaigns:export answers 503): ${c.reason}`,
  );
  console.log(`API keys: ${apiKeys.describe()}`);
  console.log(`listening on ${url}`);
  onListening(loaded, url);

  process.on('SIGHUP', () => {
    void watch.reloadNow('SIGHUP');
    void apiKeys.reloadNow('SIGHUP');
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    void shutDownGracefully(server, {
      beginShutdown: () => state.beginShutdown(),
      drainDelayMs: options.drainDelayMs,
      timeoutMs: options.shutdownTimeoutMs,
      // Each step gets a bounded time: a database that no longer answers (a network partition) must
      // not hold the process past its shutdown budget.
      release: async () => {
        watch.stop();
        apiKeys.stop();
        retention.stop();
        await settledWithin(feed.stop(), STOP_MS);
        await settledWithin(experiments.stop(), STOP_MS);
        // The lists served up to the end are logged, unless the database does not answer in time.
        await settledWithin(impressions.stop(), STOP_MS);
        await settledWithin(knex.destroy(), STOP_MS);
      },
    }).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return new Promise<never>(() => undefined);
}
