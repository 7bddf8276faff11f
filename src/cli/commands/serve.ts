/** `wealthrec serve`: the recommendation API over the champion and the latest snapshot. */
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Command } from 'commander';
import { keyChecker, readApiKeys } from '../../../serving/api-keys.js';
import { createApp, DEFAULT_RATE_LIMIT_PER_SECOND } from '../../../serving/app.js';
import { CustomerProfiles } from '../../../serving/customer-profiles.js';
import { createCampaignService } from '../../../serving/campaign/campaign-service.js';
import { shutDownGracefully } from '../../../serving/graceful-shutdown.js';
import { reloadOnChange } from '../../../serving/reload-on-change.js';
import { createServiceMetrics } from '../../../serving/service-metrics.js';
import { LiveServingState, type LoadedSet } from '../../../serving/serving-state.js';
import { todayInBank } from '../../domain/dates.js';
import { UsageError } from '../../errors.js';
import { migrateToLatest, openDatabase, resolveDbUrl } from '../../db/index.js';
import { log } from '../../log.js';
import { CHAMPION_FILE, modelsRoot } from '../../../training/registry.js';
import { selectBackend } from '../../../training/backend.js';
import { nonNegativeInteger, positiveInteger } from '../options.js';

export interface ServeFlags {
  snapshot: string;
  exportsDir: string;
  /** Profile table answered by GET /v1/customers/{id}/profile. */
  profiles?: string;
  port: number;
  host: string;
  models?: string;
  db?: string;
  apiKeys: string[];
  maxSnapshotAgeDays?: number;
  rateLimit: number;
  drainDelayMs: number;
  shutdownTimeoutMs: number;
  reloadPollMs: number;
  /** false answers every request through Express (to measure what the fast path saves). */
  fastPath: boolean;
}

/** Serves until SIGTERM or SIGINT, then drains and exits 0. `onListening` runs once the port is open. */
export async function runServe(o: ServeFlags, onListening: (loaded: LoadedSet, url: string) => void = () => undefined): Promise<never> {
  const checkKey = keyChecker(o.apiKeys);
  await selectBackend();
  const { knex, target } = openDatabase(resolveDbUrl(o.db));
  await migrateToLatest(knex);
  const root = modelsRoot(o.models);
  const state = new LiveServingState(knex, { modelsRoot: root, snapshotPath: o.snapshot, maxSnapshotAgeDays: o.maxSnapshotAgeDays, today: () => todayInBank() });
  const metrics = createServiceMetrics();
  const load = async (): Promise<LoadedSet> => {
    const set = await state.reload();
    metrics.setModel({ version: set.version, snapshotAsOf: set.asOf });
    return set;
  };
  const loaded = await load();

  // A new champion or a new snapshot is picked up without a restart; a bad one is reported and the old set keeps serving.
  const watch = reloadOnChange(
    [join(root, CHAMPION_FILE), o.snapshot],
    () => load().then((set) => console.log(`reloaded: now serving ${set.version}, snapshot as of ${set.asOf}`)),
    (outcome) => {
      metrics.reloads.inc({ result: outcome.ok ? 'ok' : 'failed' });
      if (!outcome.ok) log.error({ err: outcome.error, trigger: outcome.trigger }, 'reload failed: the previous model and snapshot keep serving');
    },
    o.reloadPollMs,
  );

  const campaigns = createCampaignService({ knex, modelsRoot: root, snapshotPath: () => o.snapshot, exportsDir: o.exportsDir });
  const profiles = o.profiles ? await CustomerProfiles.load(o.profiles) : undefined;
  if (profiles) console.log(`profiles: ${profiles.customers.toLocaleString('en')} customers as of ${profiles.meta.asOf} (${o.profiles})`);
  const server = createServer(createApp(state, checkKey, { metrics, rateLimitPerSecond: o.rateLimit, fastPath: o.fastPath, campaigns, profiles })).listen(o.port, o.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject)).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EADDRINUSE' ? new UsageError(`${o.host}:${o.port} is already in use: pass another --port`) : err;
  });
  const url = `http://${o.host}:${o.port}`;
  console.log(`serving model ${loaded.version}, snapshot as of ${loaded.asOf} (${loaded.customers.toLocaleString('en')} customers, ${loaded.rows.toLocaleString('en')} rows scored in ${loaded.seconds.toFixed(1)} s), database ${target.display}`);
  console.log(`listening on ${url}`);
  onListening(loaded, url);

  process.on('SIGHUP', () => void watch.reloadNow('SIGHUP'));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    void shutDownGracefully(server, {
      beginShutdown: () => state.beginShutdown(),
      drainDelayMs: o.drainDelayMs,
      timeoutMs: o.shutdownTimeoutMs,
      release: async () => {
        watch.stop();
        await knex.destroy();
      },
    }).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return new Promise<never>(() => undefined);
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve top-N recommendations over HTTP (GET /v1/customers/{id}/recommendations); reloads when a champion is promoted or the snapshot is rebuilt')
    .requiredOption('--snapshot <file>', 'the snapshot wide table to serve (wealthrec features snapshot); watched for a rebuild')
    .option('--port <n>', 'TCP port', positiveInteger, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--models <dir>', 'model registry whose champion serves (default: $WEALTHREC_MODELS or ./models); champion.json is watched')
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .option('--api-keys-file <file>', 'one API key per line (default: $WEALTHREC_API_KEYS, comma-separated)')
    .option('--max-snapshot-age-days <n>', 'readiness fails when the snapshot is older than this', nonNegativeInteger)
    .option('--rate-limit <n>', 'requests per second allowed to one API key', positiveInteger, DEFAULT_RATE_LIMIT_PER_SECOND)
    .option('--drain-delay-ms <n>', 'on SIGTERM, keep answering this long after readiness turns 503', nonNegativeInteger, 2000)
    .option('--shutdown-timeout-ms <n>', 'then cut requests still open after this long', positiveInteger, 10_000)
    .option('--reload-poll-ms <n>', 'how often champion.json and the snapshot are checked for a change', positiveInteger, 1000)
    .option('--exports-dir <dir>', 'where POST /v1/campaigns:export writes and keeps its lists', './exports')
    .option('--profiles <file>', 'profile table for GET /v1/customers/{id}/profile (wealthrec profile build)')
    .option('--no-fast-path', 'answer every request through Express (slower; for comparison)')
    .action(async (o: Omit<ServeFlags, 'apiKeys'> & { apiKeysFile?: string }) => {
      await runServe({ ...o, apiKeys: readApiKeys(o.apiKeysFile) });
    });
}
