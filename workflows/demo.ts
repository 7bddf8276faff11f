/** The demo (npm start, `wealthrec demo`): the whole system on the embedded database, from one command, printing each stage's results. */
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createApiKey } from '../serving/api-key-admin.js';
import { API_SCOPES } from '../serving/api-scopes.js';
import type { Recommendations } from '../serving/recommender.js';
import { asOfDaysEvery, buildCustomerDayTable, buildWideTable, describeRange } from '../features/index.js';
import { FEATURES } from '../src/wide-table/index.js';
import { loadCampaignModels } from '../serving/campaign/campaign-models.js';
import { campaignRequestSchema } from '../serving/campaign/campaign-request.js';
import { exportCampaign } from '../serving/campaign/export-campaign.js';
import { parseDay } from '../src/domain/dates.js';
import { DEFAULT_ARCHITECTURE } from '../src/model-directory/architecture.js';
import { modelsRoot } from '../src/model-directory/registry.js';
import { selectBackend, type BackendName } from '../src/tf-backend/select-backend.js';
import { DEFAULT_FIT_OPTIONS } from '../training/fit-model.js';
import { DEFAULT_LISTWISE_WEIGHT } from '../training/task/index.js';
import type { EvaluationMode } from '../training/time-slices.js';
import { DataRejectedError } from '../src/errors.js';
import { importBank } from '../import/index.js';
import { printImport } from './print-import.js';
import { progressBar } from '../src/progress-bar.js';
import { withDatabase } from '../src/db/with-database.js';
import { openLiveRowSource } from '../features/live-rows.js';
import { startServer } from '../serving/start-server.js';
import { evaluateAndReportCampaigns } from './campaigns-on-history/run-campaigns-on-history.js';
import { printCampaignExport } from './export-campaign-list.js';
import { runGenerate } from './generate-bank.js';
import { runDemandTrain } from './train-customer-day-model.js';
import { runTrain } from './train-and-register.js';
import { replayExperiment } from './replay-experiment.js';
import { buildSegments, printSegments } from './segments/build-segments.js';

/** Calls the API once as WeChat banking would, and prints the call to repeat it. */
async function showExample(url: string, apiKey: string, customerId: string | null): Promise<void> {
  if (!customerId) return;
  const path = `/v1/customers/${encodeURIComponent(customerId)}/recommendations?n=3`;
  const answer = (await (await fetch(`${url}${path}`, { headers: { 'X-API-Key': apiKey } })).json()) as Recommendations;
  console.log(`\ncurl -H 'X-API-Key: ${apiKey}' '${url}${path}'`);
  console.log(`  -> model ${answer.modelVersion}, features as of ${answer.asOf}:`);
  for (const item of answer.items) {
    console.log(
      `     ${item.rank}. ${item.productId} ${item.name} (risk R${item.riskLevel}, ${item.expectedYield ?? '-'}%, ${item.termDays} days, from ${item.minAmount} yuan) score ${item.score.toFixed(2)}`,
    );
    for (const reason of item.reasons) console.log(`        why: ${reason.text_zh} (${reason.text_en})`);
  }
  console.log(`\nalso: ${url}/openapi.json, ${url}/metrics, ${url}/readyz; Ctrl-C stops`);
}

const HORIZON_DAYS = 7;

/** Demand model (weekly as-of days, labels known by the last day), the newest product's SMS list, and the evaluation on history. */
async function runCampaignStep(flags: { db?: string; models?: string; seed: number; days: number }, dataDir: string): Promise<void> {
  const demandFile = join(dataDir, 'demand.arrow');
  const backend = await selectBackend((process.env.WEALTHREC_TF_BACKEND as BackendName | undefined) ?? 'auto');
  await withDatabase(flags.db, async (knex) => {
    const lastDay = (await knex('purchases').max({ d: 'purchase_day' }))[0].d as number;
    // Weekly after the first two months, the last one's labels ending on the last day.
    const asOfDays = asOfDaysEvery(lastDay - flags.days + 61, lastDay - HORIZON_DAYS + 1, 7);
    const s = await buildCustomerDayTable(knex, { asOfDays, horizonDays: HORIZON_DAYS, category: null, out: demandFile, format: 'arrow' });
    console.log(
      `demand table: ${asOfDays.length} weekly as-of days, ${s.rows.toLocaleString('en')} customer-days, ${((100 * s.positives) / s.rows).toFixed(1)}% bought within ${HORIZON_DAYS} days`,
    );
    await runDemandTrain({
      samples: demandFile,
      arch: 'mlp',
      testDays: 3,
      seed: flags.seed,
      epochs: DEFAULT_FIT_OPTIONS.maxEpochs,
      batchSize: DEFAULT_FIT_OPTIONS.batchSize,
      patience: DEFAULT_FIT_OPTIONS.patience,
      backend: backend.name,
      evaluate: true,
      report: join(dataDir, 'report'),
      models: flags.models,
      promote: true,
    });

    const newest = (await knex('products')
      .first('product_id', 'name')
      .where('sale_start_day', '<=', lastDay)
      .andWhere((q) => q.whereNull('sale_end_day').orWhere('sale_end_day', '>=', lastDay))
      .orderBy([{ column: 'sale_start_day', order: 'desc' }, 'product_id'])) as { product_id: string; name: string };
    console.log(`\nSMS list for the newest product on sale, ${newest.product_id} ${newest.name}: the fewest customers expected to hold 80% of its buyers`);
    const models = await loadCampaignModels(flags.models);
    try {
      const request = campaignRequestSchema.parse({ productId: newest.product_id, channel: 'sms', coverage: 0.8 });
      printCampaignExport(
        await exportCampaign(knex, request, {
          snapshot: join(dataDir, 'snapshot.arrow'),
          out: join(dataDir, `campaign-${newest.product_id}-sms.csv`),
          models,
          requestedBy: 'demo',
          // The synthetic bank ends on its last day: that is the bank's today.
          today: lastDay,
        }),
      );
    } finally {
      models.choice.scoring.dispose();
      models.demand.scoring.dispose();
    }

    console.log('\ncampaigns on history: products launched in the last 3 weeks, ranked by models trained before them');
    await evaluateAndReportCampaigns(
      knex,
      { from: lastDay - 20, to: lastDay, horizonDays: HORIZON_DAYS, trainDays: 90, seed: flags.seed, backend },
      join(dataDir, 'report'),
    );
  });
}

/** The replayed day: far enough back that the horizon's purchases are all in the bank. */
const REPLAY_DAYS_BACK = HORIZON_DAYS + 1;

/** Serves every customer of a past day once under an experiment, then reports it on the days after (workflows/replay-experiment.ts). */
async function runReplayStep(flags: { db?: string; models?: string }, dataDir: string): Promise<void> {
  await withDatabase(flags.db, async (knex) => {
    const lastDay = (await knex('purchases').max({ d: 'purchase_day' }))[0].d as number;
    const day = lastDay - REPLAY_DAYS_BACK;
    const snapshot = join(dataDir, 'replay-snapshot.arrow');
    await buildWideTable(knex, { kind: 'snapshot', fromDay: day, toDay: day, out: snapshot, format: 'arrow' });
    // A name of its own each run: experiment names are never reused.
    const name = `demo-replay-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
    await replayExperiment(knex, {
      name,
      arms: [
        { arm: 'champion', weight: 50, policy: { kind: 'champion' } },
        { arm: 'popularity', weight: 50, policy: { kind: 'baseline', policy: 'popularity' } },
      ],
      snapshot,
      models: modelsRoot(flags.models),
      n: 3,
      horizonDays: HORIZON_DAYS,
      out: join(dataDir, 'report', 'experiment'),
    });
    console.log(`(wealthrec experiment report ${name} --horizon ${HORIZON_DAYS} prints it again)`);
  });
}

const SEGMENT_MONTH_DAYS = 30;

/**
 * Segments a month before the end and at the end, the later measured against the earlier (adjusted
 * Rand index); returns the later file, which serving names in the profile answer.
 */
async function runSegmentsStep(flags: { db?: string; models?: string; seed: number }, dataDir: string): Promise<string> {
  return withDatabase(flags.db, async (knex) => {
    const lastDay = (await knex('purchases').max({ d: 'purchase_day' }))[0].d as number;
    const common = { format: 'arrow' as const, k: 'auto' as const, seed: flags.seed, modelsRoot: modelsRoot(flags.models) };
    const earlier = join(dataDir, 'segments-earlier.arrow');
    await buildSegments(knex, { ...common, asOf: lastDay - SEGMENT_MONTH_DAYS, out: earlier, report: null, historyMonths: 0 });
    const out = join(dataDir, 'segments.arrow');
    const report = join(dataDir, 'report', 'segments.html');
    printSegments(await buildSegments(knex, { ...common, asOf: lastDay, out, report, previous: earlier }), out, report);
    return out;
  });
}

export interface DemoFlags {
  customers: number;
  days: number;
  seed: number;
  out: string;
  db?: string;
  models?: string;
  mode: EvaluationMode;
  testDays: number;
  serve: boolean;
  port: number;
}

export async function runDemo(flags: DemoFlags): Promise<void> {
  const dataDir = dirname(resolve(flags.out));
  const samplesFile = join(dataDir, 'samples.arrow');
  const steps = flags.serve ? 8 : 7;
  console.log(`== 1/${steps} synthetic bank`);
  const generated = await runGenerate({ customers: flags.customers, days: flags.days, seed: flags.seed, out: flags.out });
  await withDatabase(flags.db, async (knex, target) => {
    console.log(`\n== 2/${steps} import into ${target.display}`);
    const bar = progressBar('import');
    const result = await importBank(knex, { dir: resolve(flags.out), onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, p.table) }).finally(() =>
      bar.stop(),
    );
    printImport(result);
    if (result.status !== 'committed') throw new DataRejectedError('the demo bank did not import');
    console.log('(running the demo again imports the same files again: every "changed" count is then 0)');

    // Samples of every occasion (the first month only feeds history), and a snapshot of the last day for serving.
    const lastDay = parseDay(generated.lastDay)!;
    const firstSampleDay = lastDay - flags.days + 31;
    console.log(`\n== 3/${steps} point-in-time wide table (features strictly from data before each day)`);
    const samples = await buildWideTable(knex, { kind: 'samples', fromDay: firstSampleDay, toDay: lastDay, out: samplesFile, format: 'arrow' });
    console.log(
      `samples ${describeRange(firstSampleDay, lastDay)}: ${samples.occasions} purchase occasions, ${samples.rows.toLocaleString('en')} rows (${samples.positives} bought), ${FEATURES.length} features`,
    );
    const snapshot = await buildWideTable(knex, {
      kind: 'snapshot',
      fromDay: lastDay,
      toDay: lastDay,
      out: join(dataDir, 'snapshot.arrow'),
      format: 'arrow',
      horizonDays: HORIZON_DAYS,
    });
    console.log(
      `snapshot ${describeRange(lastDay, lastDay)}: ${snapshot.customers.toLocaleString('en')} customers x their eligible products = ${snapshot.rows.toLocaleString('en')} rows`,
    );
  });

  console.log(
    `\n== 4/${steps} train and evaluate (the last ${flags.testDays} days, ${flags.mode === 'sliced' ? 'a model per test day trained on what precedes it' : 'one model trained before them'})`,
  );
  await runTrain({
    samples: samplesFile,
    arch: DEFAULT_ARCHITECTURE,
    ablation: ['dcn'],
    mode: flags.mode,
    testDays: flags.testDays,
    validationDays: 3,
    seed: flags.seed,
    epochs: DEFAULT_FIT_OPTIONS.maxEpochs,
    batchSize: DEFAULT_FIT_OPTIONS.batchSize,
    learningRate: DEFAULT_FIT_OPTIONS.learningRate,
    patience: DEFAULT_FIT_OPTIONS.patience,
    negativeRate: 1,
    workers: 1,
    listwiseWeight: DEFAULT_LISTWISE_WEIGHT,
    backend: (process.env.WEALTHREC_TF_BACKEND as BackendName | undefined) ?? 'auto',
    oracle: join(resolve(flags.out), 'oracle'),
    models: flags.models,
    report: join(dataDir, 'report'),
    predictions: join(dataDir, 'predictions.csv'),
    evaluate: true,
    promote: true,
  });
  console.log(`\nopen ${join(dataDir, 'report', 'report.html')} in a browser for the charts; \`wealthrec models list\` shows the registry`);

  console.log(`\n== 5/${steps} campaigns: demand model, an SMS list for the newest product, and campaigns judged on history`);
  await runCampaignStep(flags, dataDir);

  console.log(`\n== 6/${steps} an A/B experiment replayed: champion against popularity, every customer served once ${REPLAY_DAYS_BACK} days before the end`);
  await runReplayStep(flags, dataDir);

  console.log(`\n== 7/${steps} customer segments from behaviour (k-means, k by silhouette), against a month before`);
  const segments = await runSegmentsStep(flags, dataDir);
  if (!flags.serve) return;

  console.log(`\n== 8/8 serve the champion over the last day's snapshot, with a reason for every item (Ctrl-C stops)`);
  // A fresh key each run, made as `wealthrec keys create` makes one: the demo never ships a fixed
  // credential, and its keys file holds the key's hash only.
  const keysFile = join(dataDir, 'api-keys.txt');
  await rm(keysFile, { force: true });
  const { key: apiKey } = await createApiKey(keysFile, 'demo', API_SCOPES);
  await startServer(
    {
      snapshot: join(dataDir, 'snapshot.arrow'),
      port: flags.port,
      host: '127.0.0.1',
      models: flags.models,
      db: flags.db,
      apiKeys: { file: keysFile },
      drainDelayMs: 0,
      shutdownTimeoutMs: 5000,
      reloadPollMs: 1000,
      fastPath: true,
      exportsDir: join(dataDir, 'exports'),
      segments,
      // Before serving: the example call below prints them (a bank serves first and attaches them after).
      reasons: 'load',
      openLiveRows: openLiveRowSource,
      // The synthetic bank ends on its last day: that is the bank's today.
      today: parseDay(generated.lastDay)!,
    },
    (loaded, url) => void showExample(url, apiKey, loaded.exampleCustomerId),
  );
}
