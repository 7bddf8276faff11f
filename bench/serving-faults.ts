/**
 * Load with faults (issue 16): `wealthrec serve` on MariaDB, reached through a TCP proxy that can cut
 * the connection like a network partition, under autocannon's load over loopback for a minute, while
 *   - the snapshot is rebuilt (`wealthrec features snapshot` over the served file),
 *   - a second model is promoted (`wealthrec models promote`),
 *   - the database is unreachable for 10 s (the proxy holds every packet, then delivers them),
 *   - a customer's risk level is lowered by an import after the outage,
 *   - campaign exports are asked for one after another, and /readyz is polled,
 * and SIGTERM ends it. Every response is counted by route and status; after the run, every export
 * answered 200 must have its audit record and its file, and no file may be without a record.
 * Usage: node dist/bench/serving-faults.js [--customers 20000] [--days 400] [--seconds 60] [--connections 10]
 *        [--mysql mysql://root@127.0.0.1:3306] [--work .bench-work]
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { importBank } from '../import/index.js';
import { newestProductOnSale } from './lib/newest-product.js';
import { openDatabase } from '../src/db/index.js';
import { formatDay } from '../src/domain/dates.js';
import { promote } from '../src/model-directory/registry.js';
import { Rng } from '../src/random.js';
import { checksumPath } from '../src/wide-table/checksums.js';
import { readWideTableHeader } from '../src/wide-table/index.js';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';
import { ensureServingBank } from './lib/serving-bank.js';
import { startTcpProxy } from './lib/tcp-proxy.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '20000' },
    days: { type: 'string', default: '400' },
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '10' },
    'outage-seconds': { type: 'string', default: '10' },
    mysql: { type: 'string', default: 'mysql://root@127.0.0.1:3306' },
    port: { type: 'string', default: '18281' },
    work: { type: 'string', default: '.bench-work' },
  },
});
const customers = Number(values.customers);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const outageSeconds = Number(values['outage-seconds']);
const work = resolve(values.work!);
const CLI = resolve('dist/cli/main.js');
const DATABASE = 'wealthrec_faults';
/** When each fault starts, in seconds from the start of the load. */
const AT = { rebuild: 5, promotion: 20, outage: 30, lowered: 30 + outageSeconds + 3, sigterm: seconds };

/** The files an import requires, each with its header: an increment is the rows it changes, under them. */
const INCREMENT_HEADERS = {
  customers: 'customer_id,gender,birth_date,open_date,risk_level,city',
  products: 'product_id,name,category,risk_level,expected_yield,term_days,principal_protected,min_amount,sale_start,sale_end',
  purchases: 'purchase_id,customer_id,product_id,purchase_date,amount,channel',
  deposits: 'customer_id,date,demand_balance,time_balance',
};
const cli = (args: string[]) => execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
/** During the load: the event loop that sends the requests must not wait for the command. */
const cliAsync = async (args: string[]) => (await promisify(execFile)(process.execPath, [CLI, ...args], { encoding: 'utf8' })).stdout;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The bank (generated, imported into SQLite, its snapshot and champion), shared with bench:serving.
const bank = await ensureServingBank(work, customers, Number(values.days));
const header = await readWideTableHeader(bank.snapshot);
const today = header.meta.toDay;
const dir = join(work, `faults-${customers}`);
mkdirSync(dir, { recursive: true });

// A second recommender to promote, and a demand champion for the exports: trained once, kept.
const models = join(dir, 'models');
if (!existsSync(models)) cpSync(bank.models, models, { recursive: true });
const versions = () => readdirSync(models).filter((v) => v !== 'demand' && existsSync(join(models, v, 'card.json')));
if (versions().length < 2) {
  console.error('training a second model to promote …');
  cli(['train', '--samples', bank.samples, '--no-evaluate', '--seed', '2', '--batch-size', '2048', '--models', models]);
}
if (!existsSync(join(models, 'demand', 'champion.json'))) {
  console.error('training the demand model for the exports …');
  const demandSamples = join(dir, 'demand.arrow');
  cli(['features', 'demand', '--db', `sqlite:${bank.db}`, '--from', formatDay(today - 7 * 6), '--to', formatDay(today - 7), '--out', demandSamples]);
  cli(['demand', 'train', '--samples', demandSamples, '--no-evaluate', '--promote', '--batch-size', '2048', '--models', models]);
}
const [first, second] = versions().sort((a, b) => (a === bank.version ? -1 : b === bank.version ? 1 : a.localeCompare(b)));
await promote(models, first);

// The served snapshot: a copy, rebuilt in place during the run.
const snapshot = join(dir, 'snapshot.arrow');
copyFileSync(bank.snapshot, snapshot);
copyFileSync(checksumPath(bank.snapshot), checksumPath(snapshot));

// The bank in MariaDB, imported afresh from the same CSV files.
console.error(`importing ${customers.toLocaleString('en')} customers into MariaDB …`);
const admin = await mysql.createConnection({ uri: values.mysql! });
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
await admin.query(`CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
await admin.end();
const direct = new URL(values.mysql!);
direct.pathname = `/${DATABASE}`;
cli(['import', join(work, `bank-${customers}x${values.days}-s1`), '--db', direct.toString(), '--as-of', formatDay(today)]);

// API keys: one for the app's load, one for marketing's exports (each export is one at a time per key).
const keysFile = join(dir, 'api-keys.txt');
rmSync(keysFile, { force: true });
const appKey = cli(['keys', 'create', 'bench-app', '--scopes', 'recommendations', '--keys-file', keysFile]).trim();
const exportKey = cli(['keys', 'create', 'bench-marketing', '--scopes', 'campaigns:export', '--keys-file', keysFile]).trim();

const proxy = await startTcpProxy(direct.hostname, Number(direct.port || 3306));
const throughProxy = new URL(direct);
throughProxy.port = String(proxy.port);
const exportsDir = join(dir, 'exports');
rmSync(exportsDir, { recursive: true, force: true });
const port = Number(values.port);
const url = `http://127.0.0.1:${port}`;

console.error('starting the server …');
const server = spawn(
  process.execPath,
  [
    CLI,
    'serve',
    '--snapshot',
    snapshot,
    '--today',
    formatDay(today),
    '--models',
    models,
    '--db',
    throughProxy.toString(),
    '--port',
    String(port),
    '--api-keys-file',
    keysFile,
    '--exports-dir',
    exportsDir,
    '--reload-poll-ms',
    '500',
    '--drain-delay-ms',
    '1000',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let serverLog = '';
const logLines: Array<{ at: number; line: string }> = [];
let loadStartedAt = 0;
const elapsed = () => (performance.now() - loadStartedAt) / 1000;
server.stdout!.on('data', (d: Buffer) => {
  serverLog += d;
  for (const line of String(d).split('\n')) if (line.trim()) logLines.push({ at: loadStartedAt ? elapsed() : 0, line });
});
const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => server.once('exit', (code, signal) => r({ code, signal })));
await new Promise<void>((resolvePromise, reject) => {
  const poll = setInterval(() => {
    if (serverLog.includes('listening on')) {
      clearInterval(poll);
      resolvePromise();
    }
  }, 50);
  void exited.then(({ code }) => reject(new Error(`the server exited (${code}) before listening`)));
});

const { knex } = openDatabase(direct.toString(), { mustExist: true });
const ids = (await knex('customers').pluck('customer_id')) as string[];
Rng.fromSeed(21).shuffle(ids);
const newest = await newestProductOnSale(knex, today);

/** Responses by route and status; connection errors (after the server closed) apart. */
const counts = new Map<string, Map<string, number>>();
const count = (route: string, status: number | string, n = 1) => {
  const byStatus = counts.get(route) ?? new Map<string, number>();
  byStatus.set(String(status), (byStatus.get(String(status)) ?? 0) + n);
  counts.set(route, byStatus);
};
const events: Array<{ what: string; at: number; took?: number }> = [];
let stopping = false;

// Readiness, polled as a load balancer would (every 200 ms, 2 s timeout), with its slowest answer during the outage.
const readiness = { slowestDuringOutageMs: 0, firstNotReadyAfterCutS: Number.NaN };
let outageStartedAt = Number.NaN;
const pollReadiness = (async () => {
  while (!stopping) {
    const started = performance.now();
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      count('GET /readyz', res.status);
      await res.arrayBuffer();
      const t = elapsed();
      if (t >= AT.outage && t <= AT.outage + outageSeconds) {
        readiness.slowestDuringOutageMs = Math.max(readiness.slowestDuringOutageMs, performance.now() - started);
        if (res.status === 503 && Number.isNaN(readiness.firstNotReadyAfterCutS)) readiness.firstNotReadyAfterCutS = t - outageStartedAt;
      }
    } catch (err) {
      count('GET /readyz', (err as Error).name === 'TimeoutError' ? 'timeout' : 'connection error');
    }
    await sleep(200);
  }
})();

// Marketing: exports one after another; each answered 200 is kept (its audit id and the sha256 of
// the list received) to reconcile with the audit log and the exports folder.
const exported: Array<{ auditId: number; sha256: string }> = [];
const exportSeconds: number[] = [];
const runExports = (async () => {
  while (!stopping) {
    const started = performance.now();
    try {
      const res = await fetch(`${url}/v1/campaigns:export`, {
        method: 'POST',
        headers: { 'x-api-key': exportKey, 'content-type': 'application/json' },
        body: JSON.stringify({ productId: newest, channel: 'sms', top: 2000 }),
        signal: AbortSignal.timeout(30_000),
      });
      count('POST /v1/campaigns:export', res.status);
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status === 200) {
        exported.push({ auditId: Number(res.headers.get('x-audit-id')), sha256: createHash('sha256').update(body).digest('hex') });
        exportSeconds.push((performance.now() - started) / 1000);
      }
    } catch (err) {
      count('POST /v1/campaigns:export', (err as Error).name === 'TimeoutError' ? 'timeout' : 'connection error');
    }
    await sleep(1000);
  }
})();

// The faults, on their schedule.
const faults = (async () => {
  await sleep(AT.rebuild * 1000);
  let t = elapsed();
  await cliAsync(['features', 'snapshot', '--db', direct.toString(), '--as-of', formatDay(today), '--out', snapshot]);
  events.push({ what: 'snapshot rebuilt over the served file (`wealthrec features snapshot`)', at: t, took: elapsed() - t });

  await sleep(Math.max(0, AT.promotion - elapsed()) * 1000);
  t = elapsed();
  await cliAsync(['models', 'promote', second, '--models', models]);
  events.push({ what: `model ${second} promoted (\`wealthrec models promote\`)`, at: t, took: elapsed() - t });

  await sleep(Math.max(0, AT.outage - elapsed()) * 1000);
  outageStartedAt = elapsed();
  proxy.blackhole();
  await sleep(outageSeconds * 1000);
  proxy.heal();
  events.push({ what: `database unreachable (every packet held by the proxy, then delivered)`, at: outageStartedAt, took: elapsed() - outageStartedAt });

  // After the outage, a same-day import: a customer's risk level lowered to C1 must take effect.
  await sleep(Math.max(0, AT.lowered - elapsed()) * 1000);
  const get = async (id: string) => {
    const res = await fetch(`${url}/v1/customers/${encodeURIComponent(id)}/recommendations?n=10`, { headers: { 'x-api-key': appKey } });
    const body = (await res.json()) as { items?: Array<{ riskLevel: number }>; error?: { code: string; message: string } };
    if (res.status !== 200) {
      count('GET /v1/customers/{id}/recommendations (the changed customer)', res.status);
      console.error(`the changed customer: ${res.status} ${JSON.stringify(body.error)}`);
    }
    return body.items ?? null;
  };
  for (const id of ids) {
    if (!(await get(id))?.some((i) => i.riskLevel > 1)) continue;
    const c = await knex('customers').where('customer_id', id).first();
    const increment = join(dir, 'increment');
    rmSync(increment, { recursive: true, force: true });
    mkdirSync(increment);
    for (const [table, rows] of Object.entries(INCREMENT_HEADERS))
      writeFileSync(
        join(increment, `${table}.csv`),
        `${rows}\n${table === 'customers' ? `${id},${c.gender ?? ''},,${formatDay(c.open_day)},1,${c.city ?? ''}\n` : ''}`,
      );
    t = elapsed();
    const result = await importBank(knex, { dir: increment, asOfDay: today });
    if (result.status !== 'committed') throw new Error(`the bench's increment was ${result.status}`);
    for (;;) {
      const items = await get(id);
      if (items?.every((i) => i.riskLevel <= 1)) break;
      if (elapsed() - t > 20) throw new Error('the lowered risk level was not obeyed within 20 s');
      await sleep(10);
    }
    events.push({ what: "a customer's risk level lowered to C1 by an import, until the answers obey", at: t, took: elapsed() - t });
    break;
  }
})();

// The app's load: top-10 for customers in a shuffled order, until the server is gone.
console.error(`load for ${seconds} s with faults …`);
loadStartedAt = performance.now();
let next = 0;
let finishLoad: (r: autocannon.Result) => void = () => undefined;
const loadResult = new Promise<autocannon.Result>((r) => (finishLoad = r));
// The callback form: its instance counts responses and can be stopped when the server is gone.
const loadRun = autocannon(
  {
    url,
    connections,
    duration: seconds + 30,
    headers: { 'x-api-key': appKey },
    requests: [
      { method: 'GET', setupRequest: (req) => ({ ...req, path: `/v1/customers/${encodeURIComponent(ids[next++ % ids.length])}/recommendations?n=10` }) },
    ],
  },
  (err, result) => {
    if (err) throw err;
    finishLoad(result);
  },
);
/** Responses by the second of the run they arrived in (counted as they arrive, so a busy timer cannot skew them). */
const perSecond: number[] = [];
loadRun.on('response', () => {
  const second = Math.floor(elapsed());
  perSecond[second] = (perSecond[second] ?? 0) + 1;
});

await faults;
await sleep(Math.max(0, AT.sigterm - elapsed()) * 1000);
const sigtermAt = elapsed();
server.kill('SIGTERM');
const exit = await exited;
const shutdownSeconds = elapsed() - sigtermAt;
stopping = true;
loadRun.stop();
const load = await loadResult;
await Promise.all([pollReadiness, runExports]);
await proxy.close();

for (const [status, stats] of Object.entries(load.statusCodeStats ?? {})) count('GET /v1/customers/{id}/recommendations', status, stats?.count ?? 0);
const whole = Math.floor(sigtermAt);
const answered = Array.from({ length: whole }, (_, k) => perSecond[k] ?? 0);
const meanRate = answered.reduce((a, b) => a + b, 0) / whole;
const slowestSecond = Math.min(...answered.slice(1));
const windows = Array.from({ length: Math.ceil(whole / 5) }, (_, w) => {
  const slice = answered.slice(w * 5, (w + 1) * 5);
  return `${w * 5}-${w * 5 + slice.length} s ${Math.round(slice.reduce((a, b) => a + b, 0) / slice.length).toLocaleString('en')}`;
});
console.error(`answers per second: ${answered.join(' ')}`);

// Audit: every export answered 200 has its record, naming a file in the folder with the bytes
// received; every file in the folder has its record.
const records = new Map(
  ((await knex('audit_log').where('action', 'campaign.export').select('id', 'details')) as Array<{ id: number; details: string }>).map((r) => [
    Number(r.id),
    JSON.parse(r.details) as { file: string; sha256: string },
  ]),
);
const files = existsSync(exportsDir) ? readdirSync(exportsDir).filter((f) => f.endsWith('.csv')) : [];
const sha256OfFile = (f: string) =>
  createHash('sha256')
    .update(readFileSync(join(exportsDir, f)))
    .digest('hex');
const answeredWithoutRecord = exported.filter((e) => !records.has(e.auditId)).length;
const answeredWithoutFile = exported.filter((e) => {
  const record = records.get(e.auditId);
  return !record || !files.includes(record.file) || record.sha256 !== e.sha256 || sha256OfFile(record.file) !== e.sha256;
}).length;
const recordedFiles = new Set([...records.values()].map((r) => r.file));
const filesWithoutRecord = files.filter((f) => !recordedFiles.has(f)).length;
await knex.destroy();

const fiveHundreds = [...counts].flatMap(([route, byStatus]) =>
  [...byStatus].filter(([s]) => /^5\d\d$/.test(s) && s !== '503').map(([s, n]) => `${route} ${s} x${n}`),
);
const unexpected503 = counts.get('GET /v1/customers/{id}/recommendations')?.get('503') ?? 0;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const statusTable = [...counts]
  .map(
    ([route, byStatus]) =>
      `| ${route} | ${[...byStatus]
        .sort()
        .map(([s, n]) => `${s}: ${n.toLocaleString('en')}`)
        .join(', ')} |`,
  )
  .join('\n');
const reloads = logLines.filter((l) => l.line.includes('reloaded: now serving')).map((l) => l.at.toFixed(1));
const reloadFailures = logLines.filter((l) => l.line.includes('reload failed')).length;

replaceSection(
  'serving-faults',
  `## Serving: load with faults

- Measured: ${new Date().toISOString().slice(0, 10)} on ${machineLine()}
- Command: \`npm run bench:faults\` (\`node dist/bench/serving-faults.js --customers ${customers} --days ${values.days} --seconds ${seconds} --connections ${connections} --outage-seconds ${outageSeconds}\`)
- Server: \`wealthrec serve\` in its own process on MariaDB through a TCP proxy that cuts it like a partition; keys from \`wealthrec keys create\` (the app's with scope recommendations, marketing's with campaigns:export); the snapshot of the last day (${customers.toLocaleString('en')} customers), its champion ${first}
- Load: autocannon in this process, ${connections} connections, GET top-10 for customers in a shuffled order; beside it /readyz every 200 ms and campaign exports (top 2,000 for ${newest}) one after another, a second apart

| at (s) | event | took (s) |
|---|---|---|
${events
  .sort((a, b) => a.at - b.at)
  .map((e) => `| ${e.at.toFixed(1)} | ${e.what} | ${e.took?.toFixed(1) ?? ''} |`)
  .join('\n')}
| ${sigtermAt.toFixed(1)} | SIGTERM | ${shutdownSeconds.toFixed(1)} to exit (code ${exit.code}${exit.signal ? `, signal ${exit.signal}` : ''}) |

The server reloaded its set at ${reloads.join(', ') || 'no time'} s${reloadFailures ? ` (${reloadFailures} reload(s) failed and the previous set kept serving)` : ''}.

| route | responses by status |
|---|---|
${statusTable}

- Recommendations: ${Math.round(meanRate).toLocaleString('en')} answers/s on average over the ${whole} whole seconds before SIGTERM (slowest after the first ${slowestSecond.toLocaleString('en')}), p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, max ${load.latency.max} ms; after SIGTERM, ${load.errors.toLocaleString('en')} connection errors once the server had closed (not responses) and ${load.timeouts} timeouts
- Answers per second, each 5 s window's mean: ${windows.join(', ')} (the snapshot build, the reload's scoring on every core and autocannon share this machine's cores with the server)
- Readiness during the outage: first 503 ${readiness.firstNotReadyAfterCutS.toFixed(2)} s after the cut, slowest answer ${Math.round(readiness.slowestDuringOutageMs)} ms
- Exports: ${exported.length} answered 200 (${exportSeconds.length ? `${Math.min(...exportSeconds).toFixed(2)}–${Math.max(...exportSeconds).toFixed(2)} s each` : 'none'}); ${answeredWithoutRecord} without an audit record, ${answeredWithoutFile} without a file, ${filesWithoutRecord} of ${files.length} files without a record

| target | measured | |
|---|---|---|
| >= 10,000 req/s on loopback through the faults | ${Math.round(meanRate).toLocaleString('en')} req/s | ${verdict(meanRate >= 10_000)} |
| no 5xx other than the documented 503s | ${fiveHundreds.length ? fiveHundreds.join('; ') : 'none'} (recommendations answered 503: ${unexpected503}) | ${verdict(fiveHundreds.length === 0 && unexpected503 === 0)} |
| no crash: the server exits 0 on SIGTERM, within its shutdown budget (1 s drain + 10 s) | exit ${exit.code} after ${shutdownSeconds.toFixed(1)} s | ${verdict(exit.code === 0 && shutdownSeconds <= 11 + 2)} |
| /readyz answers 503 within about 1 s of a partition | ${readiness.firstNotReadyAfterCutS.toFixed(2)} s, slowest ${Math.round(readiness.slowestDuringOutageMs)} ms | ${verdict(readiness.firstNotReadyAfterCutS <= 1.5 && readiness.slowestDuringOutageMs <= 1500)} |
| no lost audit record | ${answeredWithoutRecord + answeredWithoutFile + filesWithoutRecord} discrepancies over ${exported.length} exports | ${verdict(exported.length > 0 && answeredWithoutRecord + answeredWithoutFile + filesWithoutRecord === 0)} |`,
);
console.log(
  `${Math.round(meanRate)} req/s; statuses ${JSON.stringify(Object.fromEntries([...counts].map(([r, m]) => [r, Object.fromEntries(m)])))}; exit ${exit.code} in ${shutdownSeconds.toFixed(1)} s; exports ${exported.length}, audit discrepancies ${answeredWithoutRecord + answeredWithoutFile + filesWithoutRecord}`,
);
