/** `wealthrec serve`: the recommendation API over the champion and the latest snapshot. */
import type { Command } from 'commander';
import { keyChecker, readApiKeys } from '../../../serving/api-keys.js';
import { createApp } from '../../../serving/app.js';
import { LiveServingState } from '../../../serving/serving-state.js';
import { todayInBank } from '../../domain/dates.js';
import { migrateToLatest, openDatabase, resolveDbUrl } from '../../db/index.js';
import { log } from '../../log.js';
import { modelsRoot } from '../../../training/registry.js';
import { selectBackend } from '../../../training/backend.js';
import { nonNegativeInteger, positiveInteger } from '../options.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve top-N recommendations over HTTP (GET /v1/customers/{id}/recommendations)')
    .requiredOption('--snapshot <file>', 'the snapshot wide table to serve (wealthrec features snapshot)')
    .option('--port <n>', 'TCP port', positiveInteger, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--models <dir>', 'model registry whose champion serves (default: $WEALTHREC_MODELS or ./models)')
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .option('--api-keys-file <file>', 'one API key per line (default: $WEALTHREC_API_KEYS, comma-separated)')
    .option('--max-snapshot-age-days <n>', 'readiness fails when the snapshot is older than this', nonNegativeInteger)
    .action(async (o: { snapshot: string; port: number; host: string; models?: string; db?: string; apiKeysFile?: string; maxSnapshotAgeDays?: number }) => {
      const checkKey = keyChecker(readApiKeys(o.apiKeysFile));
      await selectBackend();
      const { knex, target } = openDatabase(resolveDbUrl(o.db));
      await migrateToLatest(knex);
      const state = new LiveServingState(knex, { modelsRoot: modelsRoot(o.models), snapshotPath: o.snapshot, maxSnapshotAgeDays: o.maxSnapshotAgeDays, today: () => todayInBank() });
      const loaded = await state.reload();
      const server = createApp(state, checkKey).listen(o.port, o.host);
      await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
      console.log(`serving model ${loaded.version}, snapshot as of ${loaded.asOf} (${loaded.customers.toLocaleString('en')} customers), database ${target.display}`);
      console.log(`listening on http://${o.host}:${o.port}`);

      // SIGTERM: readiness goes 503 at once, in-flight requests finish, then the pool closes.
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down');
        state.beginShutdown();
        server.close(() => {
          void knex.destroy().then(() => process.exit(0));
        });
        server.closeIdleConnections();
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      await new Promise<void>(() => undefined);
    });
}
