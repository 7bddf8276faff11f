/** `wealthrec serve`: the recommendation API over the champion and the latest snapshot. */
import { type Command, Option } from 'commander';
import { DEFAULT_EXPORT_RETENTION_DAYS } from '../../serving/campaign/export-retention.js';
import { readDevelopmentKeys } from '../../serving/development-api-keys.js';
import { openLiveRowSource } from '../../features/live-rows.js';
import { startServer, type ServerOptions } from '../../serving/start-server.js';
import { REASONS_WHEN } from '../../serving/serving-state.js';
import { isoDay, nonNegativeInteger, positiveInteger } from '../options.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'serve top-N recommendations over HTTP (GET /v1/customers/{id}/recommendations); reloads when a champion is promoted or the snapshot is rebuilt',
    )
    .requiredOption('--snapshot <file>', 'the snapshot wide table to serve (wealthrec features snapshot); watched for a rebuild')
    .option('--port <n>', 'TCP port', positiveInteger, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--models <dir>', 'model registry whose champion serves (default: $WEALTHREC_MODELS or ./models); champion.json is watched')
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .option(
      '--api-keys-file <file>',
      'the API keys file, hashes only (wealthrec keys create); watched, so keys rotate without a restart (without it: $WEALTHREC_API_KEYS, plain keys holding every scope, for development only)',
    )
    .option('--max-snapshot-age-days <n>', 'readiness fails when the snapshot is older than this', nonNegativeInteger)
    .option('--rate-limit <n>', 'requests per second allowed to one API key (default: no limit)', positiveInteger)
    .option('--drain-delay-ms <n>', 'on SIGTERM, keep answering this long after readiness turns 503', nonNegativeInteger, 2000)
    .option('--shutdown-timeout-ms <n>', 'then cut requests still open after this long', positiveInteger, 10_000)
    .option('--reload-poll-ms <n>', 'how often champion.json and the snapshot are checked for a change', positiveInteger, 1000)
    .option('--exports-dir <dir>', 'where POST /v1/campaigns:export writes and keeps its lists', './exports')
    .option(
      '--export-retention-days <n>',
      'exported lists are deleted after this many days, each with an audit record',
      positiveInteger,
      DEFAULT_EXPORT_RETENTION_DAYS,
    )
    .option('--profiles <file>', 'profile table for GET /v1/customers/{id}/profile (wealthrec profile build)')
    .option('--segments <file>', 'segmentation whose segment GET /v1/customers/{id}/profile names, its age in /readyz (wealthrec segments build)')
    .option('--no-fast-path', 'answer every request through Express (slower; for comparison)')
    .option('--today <date>', 'the bank day to serve (default: today in bank time); for a bank replayed from history, its last day', isoDay)
    .option('--scoring-threads <n>', 'threads that score the snapshot at load (default: every core)', positiveInteger)
    .addOption(
      new Option(
        '--reasons <when>',
        'when the items get their reasons: background (after readiness, on worker threads; none until then), load (before serving: about 5x the load time), off',
      )
        .choices(REASONS_WHEN)
        .default('background'),
    )
    .option('--feed-poll-ms <n>', 'how often committed imports are looked for and applied to the answers', positiveInteger, 1000)
    .option('--max-feed-lag-seconds <n>', 'readiness fails when the change feed has not caught up for this long', positiveInteger, 60)
    .action(async (options: Omit<ServerOptions, 'apiKeys'> & { apiKeysFile?: string }) => {
      // The feature stage computes, with the snapshot build's own code, the rows the snapshot lacks today.
      const apiKeys = options.apiKeysFile ? { file: options.apiKeysFile } : { development: readDevelopmentKeys() };
      await startServer({ ...options, apiKeys, openLiveRows: openLiveRowSource });
    });
}
