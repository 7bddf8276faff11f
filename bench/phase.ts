/**
 * One phase of a benchmark, run in its own process so that its peak RSS is its own:
 * `generate OUT CUSTOMERS DAYS SEED`, `import DIR DB_URL`, or `features samples|snapshot DB_URL FROM TO OUT`.
 * Prints one JSON line.
 */
import { generateBank } from '../src/synthetic/index.js';
import { migrateToLatest, openDatabase } from '../src/db/index.js';
import { importBank } from '../src/import/index.js';
import { buildWideTable } from '../features/index.js';

const [phase, ...args] = process.argv.slice(2);
const rssMiB = () => process.resourceUsage().maxRSS / 1024;

if (phase === 'generate') {
  const [out, customers, days, seed] = args;
  const summary = await generateBank({ outDir: out, customers: Number(customers), days: Number(days), seed: Number(seed) });
  const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ seconds: summary.seconds, rows, maxRssMiB: rssMiB(), detail: { rowsByTable: summary.rows, newCustomerPurchaseShare: summary.newCustomerPurchaseShare } }));
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
  const [kind, url, from, to, out] = args;
  const { knex } = openDatabase(url);
  const s = await buildWideTable(knex, { kind: kind as 'samples' | 'snapshot', fromDay: Number(from), toDay: Number(to), out, format: 'arrow' });
  await knex.destroy();
  console.log(JSON.stringify({ seconds: s.seconds, rows: s.rows, maxRssMiB: rssMiB(), detail: { customers: s.customers, occasions: s.occasions } }));
} else {
  throw new Error(`unknown phase "${phase}": expected generate, import or features`);
}
