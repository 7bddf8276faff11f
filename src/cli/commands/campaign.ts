/** `wealthrec campaign export`: the ranked target list of one product for one channel, with its exclusions and audit record. */
import { Option, type Command } from 'commander';
import type { Knex } from 'knex';
import { selectBackend, type BackendName } from '../../../training/backend.js';
import { campaignRequestSchema, CAMPAIGN_CHANNELS, DEFAULT_CAP_DAYS, type CampaignRequest } from '../../../serving/campaign/campaign-request.js';
import { exportCampaign, type CampaignExport } from '../../../serving/campaign/export-campaign.js';
import { loadCampaignModels } from '../../../serving/campaign/campaign-models.js';
import { resolve } from 'node:path';
import { writeCampaignEvaluation, type CampaignEvaluation } from '../../../serving/campaign/campaign-evaluation-report.js';
import { evaluateCampaignsOnHistory, type CampaignEvaluationOptions } from '../evaluate-campaigns.js';
import { UsageError } from '../../errors.js';
import { backendOption, isoDay, nonNegativeInteger, positiveInteger } from '../options.js';
import { withDatabase } from '../with-database.js';

interface ExportFlags {
  product: string;
  channel: string;
  top?: string;
  fraction?: string;
  coverage?: string;
  capDays: string;
  snapshot: string;
  out: string;
  models?: string;
  db?: string;
  backend: BackendName | 'auto';
}

/** Command-line flags through the same schema as the HTTP body, so both refuse the same requests with the same words. */
export function campaignRequestFromFlags(f: Pick<ExportFlags, 'product' | 'channel' | 'top' | 'fraction' | 'coverage' | 'capDays'>): CampaignRequest {
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  const parsed = campaignRequestSchema.safeParse({ productId: f.product, channel: f.channel, top: number(f.top), fraction: number(f.fraction), coverage: number(f.coverage), capDays: Number(f.capDays) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = { productId: '--product', channel: '--channel', top: '--top', fraction: '--fraction', coverage: '--coverage', capDays: '--cap-days' }[String(issue.path[0])] ?? '';
    throw new UsageError(`${flag ? `${flag}: ` : ''}${issue.message}${issue.path[0] === 'top' && issue.code === 'custom' ? ' (--top K, --fraction F or --coverage C)' : ''}`);
  }
  return parsed.data;
}

export function printCampaignExport(e: CampaignExport): void {
  const n = (x: number) => x.toLocaleString('en');
  console.log(`campaign list as of ${e.asOf}: ${n(e.rows)} customers -> ${e.file} (sha256 ${e.sha256}, audit record ${e.auditId}, ${e.seconds.toFixed(1)} s)`);
  console.log(`  ${n(e.customers)} customers in the snapshot; ${n(e.candidates)} candidates after excluding:`);
  console.log(`    ${n(e.excluded.notEligible)} not allowed to buy it (risk level, 新客/老客 rules)`);
  console.log(`    ${n(e.excluded.alreadyBought)} already hold it`);
  console.log(`    ${n(e.excluded.optedOut)} opted out of this channel or of all marketing`);
  console.log(`    ${n(e.excluded.contactedRecently)} contacted within the frequency cap`);
  console.log(`  expected buyers in the list: ${e.expectedBuyers.toFixed(1)}`);
}

interface EvaluateFlags {
  from: number;
  to: number;
  horizon: number;
  trainDays: number;
  seed: number;
  out: string;
  db?: string;
  backend: BackendName | 'auto';
}

/** Runs the evaluation on history, writes its report into `outDir` and prints the summary. */
export async function evaluateAndReportCampaigns(knex: Knex, o: CampaignEvaluationOptions, outDir: string): Promise<CampaignEvaluation> {
  const evaluation = await evaluateCampaignsOnHistory(knex, { ...o, onPhase: (p) => console.log(p) });
  const written = await writeCampaignEvaluation(resolve(outDir), evaluation);
  const m = evaluation.mean;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`\n${evaluation.launches.length} launches evaluated (models trained before ${evaluation.cutoff}, horizon ${evaluation.horizonDays} days)`);
  if (m) console.log(`share of eligible customers messaged to reach 80% of buyers, mean over ${m.launches} launches: model ${pct(m.model)}, same-category rule ${pct(m.sameCategory)}, random ${pct(m.random)}, hindsight ${pct(m.hindsight)} (reference bank: 38%)`);
  console.log(`campaign report: ${written.markdown}`);
  return evaluation;
}

export function registerCampaign(program: Command): void {
  const campaign = program.command('campaign').description('marketing target lists');
  campaign
    .command('evaluate')
    .description('on history: for each product launched in [from, to], the share of customers to message to reach 80% of its buyers, against random, the same-category rule and hindsight')
    .requiredOption('--from <date>', 'first launch day evaluated; the models train on data before it', isoDay)
    .requiredOption('--to <date>', 'last launch day evaluated', isoDay)
    .option('--horizon <days>', 'buyers are those who bought within this many days of the launch', positiveInteger, 7)
    .option('--train-days <n>', 'days of history before --from the models train on', positiveInteger, 90)
    .option('--seed <n>', 'seed of training and of the random list', nonNegativeInteger, 7)
    .requiredOption('--out <dir>', 'write campaign-report.md and campaign-metrics.json there')
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .addOption(backendOption())
    .action(async (flags: EvaluateFlags) => {
      if (flags.to < flags.from) throw new UsageError('--to is before --from');
      const backend = await selectBackend(flags.backend);
      await withDatabase(flags.db, (knex) => evaluateAndReportCampaigns(knex, { from: flags.from, to: flags.to, horizonDays: flags.horizon, trainDays: flags.trainDays, seed: flags.seed, backend }, flags.out));
    });
  campaign
    .command('export')
    .description('rank every customer allowed and willing to be contacted by the probability of buying the product within the demand horizon, and write the best')
    .requiredOption('--product <id>', 'the product to promote (may be launched on the snapshot day, with no sales yet)')
    .addOption(new Option('--channel <channel>', 'the channel; its opt-outs and "all" are excluded').choices(CAMPAIGN_CHANNELS).makeOptionMandatory())
    .option('--top <k>', 'list the best K customers')
    .option('--fraction <f>', 'list the best share F (0..1] of the candidates')
    .option('--coverage <c>', 'list the fewest best customers expected to hold share C (0..1] of the buyers')
    .option('--cap-days <n>', 'leave out customers contacted on any channel within n days (0: no cap)', String(DEFAULT_CAP_DAYS))
    .requiredOption('--snapshot <file>', 'snapshot of the day (wealthrec features snapshot --as-of DAY)')
    .requiredOption('--out <file>', 'the CSV to write (customer_id, rank, score, decile)')
    .option('--models <dir>', 'model registry (default: $WEALTHREC_MODELS or ./models): its champion and demand/ champion')
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .addOption(backendOption())
    .action(async (flags: ExportFlags) => {
      const request = campaignRequestFromFlags(flags);
      await selectBackend(flags.backend);
      const models = await loadCampaignModels(flags.models);
      try {
        await withDatabase(flags.db, async (knex) => {
          const result = await exportCampaign(knex, request, { snapshot: flags.snapshot, out: flags.out, models, requestedBy: 'cli' });
          printCampaignExport(result);
        });
      } finally {
        models.choice.scoring.dispose();
        models.demand.scoring.dispose();
      }
    });
}
