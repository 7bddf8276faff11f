/**
 * One phase of a benchmark, run in its own process so that its peak RSS is its own:
 * `generate OUT CUSTOMERS DAYS SEED`, `import DIR DB_URL`, `features samples|snapshot DB_URL FROM TO OUT`,
 * `demand DB_URL HORIZON OUT DAY,DAY,...`, or `campaign-export DB_URL SNAPSHOT MODELS PRODUCT OUT`.
 * Prints one JSON line.
 */
import { generateBank } from '../synthetic/index.js';
import { migrateToLatest, openDatabase } from '../src/db/index.js';
import { importBank } from '../import/index.js';
import { buildCustomerDayTable, buildWideTable } from '../features/index.js';
import { loadCampaignModels } from '../serving/campaign/campaign-models.js';
import { campaignRequestSchema } from '../serving/campaign/campaign-request.js';
import { exportCampaign } from '../serving/campaign/export-campaign.js';
import { readWideTableHeader } from '../src/wide-table/index.js';
import { selectBackend } from '../src/tf-backend/select-backend.js';

const [phase, ...args] = process.argv.slice(2);
const rssMiB = () => process.resourceUsage().maxRSS / 1024;

if (phase === 'generate') {
  const [out, customers, days, seed] = args;
  const summary = await generateBank({ outDir: out, customers: Number(customers), days: Number(days), seed: Number(seed) });
  const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify({
      seconds: summary.seconds,
      rows,
      maxRssMiB: rssMiB(),
      detail: { rowsByTable: summary.rows, newCustomerPurchaseShare: summary.newCustomerPurchaseShare },
    }),
  );
} else if (phase === 'import') {
  const [dir, url] = args;
  const { knex } = openDatabase(url);
  await migrateToLatest(knex);
  const started = performance.now();
  const result = await importBank(knex, { dir });
  const seconds = (performance.now() - started) / 1000;
  await knex.destroy();
  if (result.status !== 'committed') throw new Error(`benchmark import was rejected: ${result.violations.total} violations`);
  const rows = Object.values(result.tables).reduce((s, t) => s + t.read, 0);
  console.log(JSON.stringify({ seconds, rows, maxRssMiB: rssMiB(), detail: { deposits: result.tables.deposits.read } }));
} else if (phase === 'features') {
  // A snapshot fills the horizon features for the demand model's horizon: 7 days, as `features snapshot`.
  const [kind, url, from, to, out, horizon = '7'] = args;
  const { knex } = openDatabase(url);
  const s = await buildWideTable(knex, {
    kind: kind as 'samples' | 'snapshot',
    fromDay: Number(from),
    toDay: Number(to),
    out,
    format: 'arrow',
    horizonDays: kind === 'snapshot' ? Number(horizon) : undefined,
  });
  await knex.destroy();
  console.log(JSON.stringify({ seconds: s.seconds, rows: s.rows, maxRssMiB: rssMiB(), detail: { customers: s.customers, occasions: s.occasions } }));
} else if (phase === 'demand') {
  const [url, horizon, out, days] = args;
  const { knex } = openDatabase(url);
  const s = await buildCustomerDayTable(knex, { asOfDays: days.split(',').map(Number), horizonDays: Number(horizon), category: null, out, format: 'arrow' });
  await knex.destroy();
  console.log(JSON.stringify({ seconds: s.seconds, rows: s.rows, maxRssMiB: rssMiB(), detail: { customers: s.customers, positives: s.positives } }));
} else if (phase === 'campaign-export') {
  const [url, snapshot, models, productId, out] = args;
  await selectBackend('auto');
  const { knex } = openDatabase(url);
  const loaded = await loadCampaignModels(models);
  const e = await exportCampaign(knex, campaignRequestSchema.parse({ productId, channel: 'sms', coverage: 0.8 }), {
    snapshot,
    out,
    models: loaded,
    requestedBy: 'bench',
    // The bank ends on the snapshot's day: that is its today.
    today: (await readWideTableHeader(snapshot)).meta.toDay,
  });
  await knex.destroy();
  console.log(
    JSON.stringify({
      seconds: e.seconds,
      rows: e.rows,
      maxRssMiB: rssMiB(),
      detail: { customers: e.customers, candidates: e.candidates, excluded: e.excluded, bytes: e.bytes },
    }),
  );
} else {
  throw new Error(`unknown phase "${phase}": expected generate, import, features, demand or campaign-export`);
}
