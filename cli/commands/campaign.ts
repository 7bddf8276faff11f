/** `wealthrec campaign export`: the ranked target list of one product for one channel, with its exclusions and audit record. */
import { Option, type Command } from 'commander';
import { campaignRequestSchema, CAMPAIGN_CHANNELS, DEFAULT_CAP_DAYS, type CampaignRequest } from '../../serving/campaign/campaign-request.js';
import { UsageError } from '../../src/errors.js';
import type { BackendName } from '../../src/tf-backend/select-backend.js';
import { runCampaignsOnHistory, type CampaignsOnHistoryFlags } from '../../workflows/campaigns-on-history/run-campaigns-on-history.js';
import { runCampaignExport } from '../../workflows/export-campaign-list.js';
import { runCampaignLists, runCampaignResults, runCampaignSent, type CampaignResultsFlags, type CampaignSentFlags } from '../../workflows/campaign-loop.js';
import { backendOption, dbOption, isoDay, nonNegativeInteger, positiveInteger } from '../options.js';

interface ExportFlags {
  product: string;
  channel: string;
  top?: string;
  fraction?: string;
  coverage?: string;
  capDays: string;
  withReasons?: boolean;
  snapshot: string;
  out: string;
  models?: string;
  db?: string;
  backend: BackendName | 'auto';
  today?: number;
  segment?: string;
  segments?: string;
}

/** Command-line flags through the same schema as the HTTP body, so both refuse the same requests with the same words. */
export function campaignRequestFromFlags(
  flags: Pick<ExportFlags, 'product' | 'channel' | 'top' | 'fraction' | 'coverage' | 'capDays' | 'withReasons'>,
): CampaignRequest {
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  const parsed = campaignRequestSchema.safeParse({
    productId: flags.product,
    channel: flags.channel,
    top: number(flags.top),
    fraction: number(flags.fraction),
    coverage: number(flags.coverage),
    capDays: Number(flags.capDays),
    ...(flags.withReasons ? { withReasons: true } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag =
      { productId: '--product', channel: '--channel', top: '--top', fraction: '--fraction', coverage: '--coverage', capDays: '--cap-days' }[
        String(issue.path[0])
      ] ?? '';
    throw new UsageError(
      `${flag ? `${flag}: ` : ''}${issue.message}${issue.path[0] === 'top' && issue.code === 'custom' ? ' (--top K, --fraction F or --coverage C)' : ''}`,
    );
  }
  return parsed.data;
}

export function register(program: Command): void {
  const campaign = program.command('campaign').description('marketing target lists');
  campaign
    .command('evaluate')
    .description(
      'on history: for each product launched in [from, to], the share of customers to message to reach 80% of its buyers, against random, the same-category rule and hindsight',
    )
    .requiredOption('--from <date>', 'first launch day evaluated; the models train on data before it', isoDay)
    .requiredOption('--to <date>', 'last launch day evaluated', isoDay)
    .option('--horizon <days>', 'buyers are those who bought within this many days of the launch', positiveInteger, 7)
    .option('--train-days <n>', 'days of history before --from the models train on', positiveInteger, 90)
    .option('--seed <n>', 'seed of training and of the random list', nonNegativeInteger, 7)
    .requiredOption('--out <dir>', 'write campaign-report.md and campaign-metrics.json there')
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .addOption(backendOption())
    .action(async (flags: CampaignsOnHistoryFlags) => {
      if (flags.to < flags.from) throw new UsageError('--to is before --from');
      await runCampaignsOnHistory(flags);
    });
  campaign
    .command('export')
    .description(
      'rank every customer allowed and willing to be contacted by the probability of buying the product within the demand horizon, and write the best',
    )
    .requiredOption('--product <id>', 'the product to promote (may be launched on the snapshot day, with no sales yet)')
    .addOption(new Option('--channel <channel>', 'the channel; its opt-outs and "all" are excluded').choices(CAMPAIGN_CHANNELS).makeOptionMandatory())
    .option('--top <k>', 'list the best K customers')
    .option('--fraction <f>', 'list the best share F (0..1] of the candidates')
    .option('--coverage <c>', 'list the fewest best customers expected to hold share C (0..1] of the buyers')
    .option('--cap-days <n>', 'leave out customers contacted on any channel within n days (0: no cap)', String(DEFAULT_CAP_DAYS))
    .option(
      '--with-reasons',
      'add the top reason of the product for each customer (reason_code, reason_text_zh columns; docs/reasons.md), for the message text',
    )
    .requiredOption('--snapshot <file>', 'snapshot of the day (wealthrec features snapshot --as-of DAY)')
    .requiredOption('--out <file>', 'the CSV to write (customer_id, rank, score, decile; with --with-reasons also reason_code, reason_text_zh)')
    .option('--models <dir>', 'model registry (default: $WEALTHREC_MODELS or ./models): its champion and demand/ champion')
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .option('--today <date>', 'the bank day the list is for (default: today in bank time); for a bank replayed from history, its last day', isoDay)
    .option('--segment <id-or-name>', 'list only customers of this segment (after the risk, holding, opt-out and frequency rules); needs --segments')
    .option('--segments <file>', 'the segmentation --segment names a segment of (wealthrec segments build)')
    .addOption(backendOption())
    .action(async (flags: ExportFlags) => {
      await runCampaignExport(campaignRequestFromFlags(flags), flags);
    });
  registerCampaignLoop(campaign);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `campaign sent`, `campaign results`, `campaign lists`: the loop from an exported list to who bought (workflows/campaign-loop.ts). */
function registerCampaignLoop(campaign: Command): void {
  campaign
    .command('sent')
    .description(
      'record an exported list as sent: a contact per message (the frequency cap and the contact features then see it), audited; a list without its export record, or changed since, is refused; recording twice records nothing twice',
    )
    .argument('<list>', 'the list file, or its export’s audit id (X-Audit-Id; its file is looked for in --exports-dir)')
    .option('--day <date>', 'the bank day the messages went out (default: today in bank time); not before the list’s as-of day', isoDay)
    .option('--exports-dir <dir>', 'for an audit id: a folder the list file may be in (repeatable; default ./exports, the server’s)', collect)
    .addOption(dbOption())
    .action(async (list: string, flags: CampaignSentFlags) => {
      await runCampaignSent(list, flags);
    });
  campaign
    .command('results')
    .description(
      'once a sent list’s window has closed: its customers who bought the product within the window against the buyers its scores expected, per decile and in total, with the gain curve',
    )
    .argument('<list-id>', 'the export’s audit id', positiveInteger)
    .option('--window <days>', 'days from the send in which a purchase counts (default: the demand horizon the list was scored for)', positiveInteger)
    .option('--json', 'print the results as JSON (as GET /v1/campaigns/{id}/results answers)')
    .addOption(dbOption())
    .action(async (auditId: number, flags: CampaignResultsFlags) => {
      await runCampaignResults(auditId, flags);
    });
  campaign
    .command('lists')
    .description('every exported list, newest first, with its send and, once its window has closed, its buyers against the expected')
    .option('--window <days>', 'one window for every list (default: each list’s demand horizon)', positiveInteger)
    .option('--json', 'print them as JSON (as GET /v1/campaigns answers)')
    .addOption(dbOption())
    .action(async (flags: CampaignResultsFlags) => {
      await runCampaignLists(flags);
    });
}
