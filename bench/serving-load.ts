/**
 * The recommendation API under load: `wealthrec serve` in its own process, autocannon in this one,
 * over loopback, on the 100k-customer bank. It measures, for issues 5 and 15:
 *  1. snapshot hits: GET top-10 for customers in a shuffled order (the per-key rate limit off, so the
 *     server's own ceiling shows), batch calls of 100 ids, and the same GET through Express alone;
 *  2. same-day changes, on a copy of the bank: the time from an import's commit to its effect on the
 *     answers (a customer's risk level lowered), and answers when every request is a customer whose
 *     rows are computed on request (after a product launched today, each customer's first request);
 *  3. 1M customers (the 100k bank copied ten times, ids suffixed): time to ready and memory.
 * Usage: node dist/bench/serving-load.js [--customers 100000] [--days 400] [--seconds 20] [--connections 10] [--copies 10]
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Knex } from 'knex';
import { importBank } from '../import/index.js';
import { openDatabase } from '../src/db/index.js';
import { formatDay } from '../src/domain/dates.js';
import { Rng } from '../src/random.js';
import { readWideTableHeader } from '../src/wide-table/index.js';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';
import { replicateDatabase, replicateSnapshot } from './lib/replicate-bank.js';
import { ensureServingBank } from './lib/serving-bank.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    days: { type: 'string', default: '400' },
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '10' },
    copies: { type: 'string', default: '10' },
    port: { type: 'string', default: '18181' },
    work: { type: 'string', default: '.bench-work' },
  },
});
// A development key (WEALTHREC_API_KEYS: every scope). No --rate-limit: the server counts nothing per key, so the measurements are of the server.
const KEY = 'bench-key-0123456789abcdef0123456789';
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const copies = Number(values.copies);
const work = resolve(values.work!);
const bank = await ensureServingBank(work, Number(values.customers), Number(values.days));
const today = (await readWideTableHeader(bank.snapshot)).meta.toDay;

const customerIds = async (db: string) => {
  const { knex } = openDatabase(`sqlite:${db}`);
  const ids = (await knex('customers').pluck('customer_id')) as string[];
  await knex.destroy();
  Rng.fromSeed(11).shuffle(ids);
  return ids;
};

interface RunningServer {
  url: string;
  startSeconds: number;
  loadSeconds: number;
  rows: string;
  rssMiB: (field: 'VmRSS' | 'VmHWM') => number;
  stop: () => Promise<number | null>;
}

/** `wealthrec serve` with its production defaults (log level), on the default backend choice. */
async function startServer(options: { port: number; db: string; snapshot: string; extra?: string[] }): Promise<RunningServer> {
  const startedAt = performance.now();
  const server = spawn(
    process.execPath,
    [
      'dist/cli/main.js',
      'serve',
      '--snapshot',
      options.snapshot,
      // The bank ends on the snapshot's day: that is its today.
      '--today',
      formatDay(today),
      '--models',
      bank.models,
      '--db',
      `sqlite:${options.db}`,
      '--port',
      String(options.port),
      '--drain-delay-ms',
      '0',
      ...(options.extra ?? []),
    ],
    { env: { ...process.env, WEALTHREC_API_KEYS: KEY }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let banner = '';
  await new Promise<void>((resolvePromise, reject) => {
    server.stdout!.on('data', (d) => {
      banner += d;
      if (banner.includes('listening on')) resolvePromise();
    });
    server.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    startSeconds: (performance.now() - startedAt) / 1000,
    loadSeconds: Number(/scored in ([\d.]+) s/.exec(banner)?.[1]),
    rows: /([\d,]+) rows scored/.exec(banner)?.[1] ?? '?',
    rssMiB: (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024,
    stop: () => {
      const exited = new Promise<number | null>((resolvePromise) => server.once('exit', resolvePromise));
      server.kill('SIGTERM');
      return exited;
    },
  };
}

function load(url: string, title: string, duration: number, request: autocannon.Request): Promise<autocannon.Result> {
  console.error(`${title} (${duration} s, ${connections} connections) …`);
  return autocannon({ url, connections, duration, headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, requests: [request] });
}
/** GET top-10 for each customer of `ids` in turn, each once until they run out. */
function topTen(ids: readonly string[]): autocannon.Request {
  let next = 0;
  return { method: 'GET', setupRequest: (req) => ({ ...req, path: `/v1/customers/${encodeURIComponent(ids[next++ % ids.length])}/recommendations?n=10` }) };
}
function batchOf100(ids: readonly string[]): autocannon.Request {
  let next = 0;
  return {
    method: 'POST',
    path: '/v1/recommendations:batch',
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ customerIds: Array.from({ length: 100 }, () => ids[next++ % ids.length]), n: 10 }) }),
  };
}
const get = async (url: string, id: string) =>
  (await (await fetch(`${url}/v1/customers/${encodeURIComponent(id)}/recommendations?n=10`, { headers: { 'X-API-Key': KEY } })).json()) as {
    items: Array<{ productId: string; riskLevel: number; reasons: unknown[] }>;
    freshness: { recomputed: boolean };
  };

/** Imports an increment into the bank at `db`: the files given, each other required file with its header only. */
async function importIncrement(knex: Knex, dir: string, files: Partial<Record<'customers' | 'products', string[]>>): Promise<void> {
  const headers = {
    customers: 'customer_id,gender,birth_date,open_date,risk_level,city',
    products: 'product_id,name,category,risk_level,expected_yield,term_days,principal_protected,min_amount,sale_start,sale_end',
    purchases: 'purchase_id,customer_id,product_id,purchase_date,amount,channel',
    deposits: 'customer_id,date,demand_balance,time_balance',
  };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [table, header] of Object.entries(headers))
    writeFileSync(join(dir, `${table}.csv`), `${[header, ...(files[table as keyof typeof files] ?? [])].join('\n')}\n`);
  const result = await importBank(knex, { dir });
  if (result.status !== 'committed') throw new Error(`the bench's increment was ${result.status}`);
}

/** Seconds from now until answers carry reasons (`--reasons background` attaches them after readiness). */
async function secondsUntilReasons(url: string, someIds: readonly string[]): Promise<number> {
  const started = performance.now();
  for (;;) {
    for (const id of someIds.slice(0, 20)) if ((await get(url, id)).items.some((i) => i.reasons.length > 0)) return (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 250));
  }
}

// 1. Snapshot hits (the timed runs start once the reasons are attached, which runs on every core).
const ids = await customerIds(bank.db);
const server = await startServer({ port: Number(values.port), db: bank.db, snapshot: bank.snapshot });
const reasonsAfter = await secondsUntilReasons(server.url, ids);
const rssAfterLoad = server.rssMiB('VmRSS');
const info = (await (await fetch(`${server.url}/v1/models`, { headers: { 'X-API-Key': KEY } })).json()) as { version: string; backend: { scoredWith: string } };
await load(server.url, 'warm-up', 5, topTen(ids));
const top10 = await load(server.url, 'GET top-10', seconds, topTen(ids));
const batched = await load(server.url, 'POST batch of 100', Math.max(5, seconds / 2), batchOf100(ids));
const rssAfterLoadTest = server.rssMiB('VmRSS');
const peakRss = server.rssMiB('VmHWM');
const exitCode = await server.stop();

const viaExpress = await startServer({
  port: Number(values.port) + 1,
  db: bank.db,
  snapshot: bank.snapshot,
  extra: ['--no-fast-path'],
});
await load(viaExpress.url, 'warm-up, Express only', 5, topTen(ids));
const top10Express = await load(viaExpress.url, 'GET top-10, Express only', seconds, topTen(ids));
await viaExpress.stop();

// 1a. The same GET from a server loaded without reasons (issue 20's cost, at load and per answer).
const withoutReasons = await startServer({ port: Number(values.port) + 5, db: bank.db, snapshot: bank.snapshot, extra: ['--reasons', 'off'] });
await load(withoutReasons.url, 'warm-up, no reasons', 5, topTen(ids));
const top10NoReasons = await load(withoutReasons.url, 'GET top-10, no reasons', seconds, topTen(ids));
await withoutReasons.stop();

// 1b. The same GET while an A/B experiment runs (champion against popularity) and every list is
// logged, on a copy of the bank (the impression log grows it).
const experimentDb = join(work, 'serving-experiment.db');
copyFileSync(bank.db, experimentDb);
const started = spawnSync(
  process.execPath,
  [
    'dist/cli/main.js',
    'experiment',
    'start',
    `bench-${Date.now()}`,
    '--arms',
    'champion=50,popularity=50',
    '--day',
    formatDay(today),
    '--db',
    `sqlite:${experimentDb}`,
  ],
  { stdio: 'inherit' },
);
if (started.status !== 0) throw new Error('wealthrec experiment start failed');
const underExperiment = await startServer({ port: Number(values.port) + 4, db: experimentDb, snapshot: bank.snapshot });
await load(underExperiment.url, 'warm-up, experiment running', 5, topTen(ids));
const metricValue = (text: string, result: string) => Number(new RegExp(`wealthrec_impressions_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
const before = await (await fetch(`${underExperiment.url}/metrics`)).text();
const top10Experiment = await load(underExperiment.url, 'GET top-10, experiment running, every list logged', seconds, topTen(ids));
await new Promise((r) => setTimeout(r, 1000)); // the last batches
const after = await (await fetch(`${underExperiment.url}/metrics`)).text();
const logged = {
  written: metricValue(after, 'written') - metricValue(before, 'written'),
  dropped: metricValue(after, 'queue_full') + metricValue(after, 'write_failed') - metricValue(before, 'queue_full') - metricValue(before, 'write_failed'),
};
await underExperiment.stop();
const experimentKnex = openDatabase(`sqlite:${experimentDb}`).knex;
const loggedRows = Number((await experimentKnex('impressions').whereNotNull('experiment').count({ n: '*' }))[0].n);
await experimentKnex.destroy();
rmSync(experimentDb, { force: true });

// 2. Same-day changes, on a copy of the bank (the increments change it).
const sameDayDb = join(work, 'serving-same-day.db');
copyFileSync(bank.db, sameDayDb);
const sameDay = await startServer({ port: Number(values.port) + 2, db: sameDayDb, snapshot: bank.snapshot });
const { knex } = openDatabase(`sqlite:${sameDayDb}`);
const delays: number[] = [];
const lowered = ids.slice(0, 5000);
for (const id of lowered) {
  if (delays.length === 5) break;
  if (!(await get(sameDay.url, id)).items.some((i) => i.riskLevel > 1)) continue;
  const c = await knex('customers').where('customer_id', id).first();
  await importIncrement(knex, join(work, 'increment'), { customers: [`${id},${c.gender ?? ''},,${formatDay(c.open_day)},1,${c.city ?? ''}`] });
  const committed = performance.now();
  while (!(await get(sameDay.url, id)).items.every((i) => i.riskLevel <= 1)) await new Promise((r) => setTimeout(r, 10));
  delays.push((performance.now() - committed) / 1000);
}
// A product launched today: every customer's first request computes their rows from the database.
await importIncrement(knex, join(work, 'increment'), {
  products: [`BENCH-LAUNCH-1,稳盈30天新品1号,fixed_income,1,2.85,30,1,1000.00,${formatDay(today)},${formatDay(today + 30)}`],
});
await knex.destroy();
const fresh = ids.slice(lowered.length);
while (!(await get(sameDay.url, fresh[fresh.length - 1])).freshness.recomputed) await new Promise((r) => setTimeout(r, 50));
const recomputedLoad = await load(sameDay.url, 'GET top-10, every customer computed on request', seconds, topTen(fresh.slice(0, -1)));
const sample = await Promise.all(fresh.slice(0, 20).map((id) => get(sameDay.url, id)));
const recomputedShare = sample.filter((a) => a.freshness.recomputed).length / sample.length;
const launchedOffered = sample.filter((a) => a.items.some((i) => i.productId === 'BENCH-LAUNCH-1')).length;
await sameDay.stop();
rmSync(sameDayDb, { force: true });

// 3. 1M customers: the bank copied, ids suffixed.
const bigSnapshot = join(work, `serving-${copies}x-snapshot.arrow`);
const bigDb = join(work, `serving-${copies}x.db`);
if (!existsSync(bigSnapshot)) {
  console.error(`copying the snapshot ${copies} times …`);
  await replicateSnapshot(bank.snapshot, bigSnapshot, copies);
}
if (!existsSync(bigDb)) {
  console.error(`copying the bank's customers and purchases ${copies} times …`);
  await replicateDatabase(bank.db, bigDb, copies);
}
const big = await startServer({ port: Number(values.port) + 3, db: bigDb, snapshot: bigSnapshot });
const bigRss = big.rssMiB('VmRSS');
const bigIds = ids.flatMap((id) => [`${id}~3`, `${id}~7`]);
Rng.fromSeed(12).shuffle(bigIds);
// Timed while the reasons are still being attached on the worker threads: a restart's first minutes.
const bigTop10 = await load(big.url, `GET top-10 at ${copies}x`, Math.max(5, seconds / 2), topTen(bigIds));
const bigReasonsAfter = big.startSeconds + (await secondsUntilReasons(big.url, bigIds));
const bigPeak = big.rssMiB('VmHWM');
await big.stop();

const failures = (r: autocannon.Result) => r.errors + r.timeouts + r.non2xx;
const line = (name: string, r: autocannon.Result, per: number) =>
  `| ${name} | ${Math.round(r.requests.average).toLocaleString('en')} | ${Math.round(r.requests.average * per).toLocaleString('en')} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.requests.total.toLocaleString('en')} | ${failures(r)} |`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const maxDelay = Math.max(...delays);
const bigCustomers = Number(values.customers) * copies;
replaceSection(
  'serving-load',
  `## Serving: the recommendation API under load

- Measured: ${new Date().toISOString().slice(0, 10)} on ${machineLine()}
- Command: \`npm run bench:serving\` (\`node dist/bench/serving-load.js --customers ${values.customers} --days ${values.days} --seconds ${seconds} --connections ${connections} --copies ${copies}\`)
- Server: \`wealthrec serve\` in its own process (log level warn; no per-key rate limit, the default, so the server's own ceiling shows), backend **${info.backend.scoredWith}**, model ${info.version}, the snapshot scored on every core at load; load from autocannon in a second process over loopback, ${connections} connections, customers in a shuffled order; a 5 s warm-up is not counted
- Bank: ${Number(values.customers).toLocaleString('en')} customers; the snapshot of the last day holds ${server.rows} servable rows (every customer x the on-sale products they may buy)

| call | req/s | customers/s | p50 ms | p99 ms | max ms | requests | errors + non-2xx |
|---|---|---|---|---|---|---|---|
${line('GET /v1/customers/{id}/recommendations?n=10 (snapshot hits)', top10, 1)}
${line('POST /v1/recommendations:batch (100 ids, n=10)', batched, 100)}
${line('the same GET through Express only (`--no-fast-path`)', top10Express, 1)}
${line('the same GET from a server loaded without reasons (`--reasons off`)', top10NoReasons, 1)}
${line('the same GET while an experiment runs (champion=50,popularity=50), every list logged', top10Experiment, 1)}
${line('GET top-10, every customer computed on request (a product launched today)', recomputedLoad, 1)}
${line(`GET top-10 at ${bigCustomers.toLocaleString('en')} customers (snapshot hits, while its reasons are attached)`, bigTop10, 1)}

- Experiment: lists logged during the timed run ${logged.written.toLocaleString('en')} (the impression log's metric), dropped ${logged.dropped.toLocaleString('en')}; rows in the log, warm-up included, ${loggedRows.toLocaleString('en')} (SQLite, batches of 200 off the hot path)
- Start: ${server.startSeconds.toFixed(1)} s from launch to listening, of which ${server.loadSeconds.toFixed(1)} s to load and verify the model, score every snapshot row and warm up; the reasons (\`--reasons background\`, the default) attached ${reasonsAfter.toFixed(1)} s after listening, the answers serving meanwhile; with \`--reasons off\` ${withoutReasons.startSeconds.toFixed(1)} s (${withoutReasons.loadSeconds.toFixed(1)} s)
- Server RSS: ${rssAfterLoad.toFixed(0)} MiB after loading, ${rssAfterLoadTest.toFixed(0)} MiB after the load test, peak ${peakRss.toFixed(0)} MiB; exit code on SIGTERM ${exitCode}
- Same day, on a copy of the bank: from an import's commit (a customer's risk level lowered to C1) to the first answer that obeys it, ${delays.length} imports: ${delays.map((d) => d.toFixed(2)).join(', ')} s (the change feed polls every second). After a product launched today, ${(100 * recomputedShare).toFixed(0)}% of a sample of answers were computed on request, and ${launchedOffered} of ${sample.length} offered the new product.
- ${bigCustomers.toLocaleString('en')} customers (the bank copied ${copies} times, ids suffixed; ${big.rows} rows): ${big.startSeconds.toFixed(1)} s from launch to listening (${big.loadSeconds.toFixed(1)} s to load, score and warm up), reasons attached ${bigReasonsAfter.toFixed(0)} s after launch, ${bigRss.toFixed(0)} MiB RSS after loading, peak ${bigPeak.toFixed(0)} MiB

| target | measured | |
|---|---|---|
| issue 5: GET top-10 >= 1,500 req/s at p99 <= 10 ms | ${Math.round(top10.requests.average).toLocaleString('en')} req/s, p99 ${top10.latency.p99} ms | ${verdict(top10.requests.average >= 1500 && top10.latency.p99 <= 10 && failures(top10) === 0)} |
| issue 15: snapshot hits >= 20,000 req/s at p99 <= 2 ms | ${Math.round(top10.requests.average).toLocaleString('en')} req/s, p99 ${top10.latency.p99} ms | ${verdict(top10.requests.average >= 20_000 && top10.latency.p99 <= 2 && failures(top10) === 0)} |
| issue 19: GET p99 <= 2 ms with an experiment running and every list logged | ${Math.round(top10Experiment.requests.average).toLocaleString('en')} req/s, p99 ${top10Experiment.latency.p99} ms, ${logged.dropped} dropped | ${verdict(top10Experiment.latency.p99 <= 2 && failures(top10Experiment) === 0)} |
| issue 15: customers computed on request, >= 1,000 req/s at p99 <= 15 ms | ${Math.round(recomputedLoad.requests.average).toLocaleString('en')} req/s, p99 ${recomputedLoad.latency.p99} ms | ${verdict(recomputedLoad.requests.average >= 1000 && recomputedLoad.latency.p99 <= 15 && failures(recomputedLoad) === 0)} |
| issue 15: from an import's commit to its effect <= 5 s | at most ${maxDelay.toFixed(2)} s | ${verdict(delays.length > 0 && maxDelay <= 5)} |
| issue 15: ${bigCustomers.toLocaleString('en')} customers in <= 1.5 GB RSS, ready in <= 30 s | ${bigPeak.toFixed(0)} MiB peak, ${big.startSeconds.toFixed(1)} s | ${verdict(bigPeak <= 1536 && big.startSeconds <= 30)} |`,
);
console.log(
  `GET top-10: ${Math.round(top10.requests.average)} req/s, p99 ${top10.latency.p99} ms, ${failures(top10)} failures; computed on request: ${Math.round(recomputedLoad.requests.average)} req/s p99 ${recomputedLoad.latency.p99} ms; commit to effect max ${maxDelay.toFixed(2)} s; ${bigCustomers} customers: ready ${big.startSeconds.toFixed(1)} s, RSS ${bigPeak.toFixed(0)} MiB`,
);
