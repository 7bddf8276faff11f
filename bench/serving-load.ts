/**
 * Load on the recommendation API, as issue 5 asks: `wealthrec serve` on the 100k-customer bank in
 * its own process, autocannon in this one, over loopback; GET top-10 for customers in a shuffled
 * order, then batch calls of 100 ids. Reports req/s, p50/p99 latency, errors and the server's RSS,
 * and the time the server took to load, verify, score the snapshot and listen.
 * Usage: node dist/bench/serving-load.js [--customers 100000] [--days 400] [--seconds 20] [--connections 10]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DEFAULT_RATE_LIMIT_PER_SECOND } from '../serving/app.js';
import { openDatabase } from '../src/db/index.js';
import { formatDay } from '../src/domain/dates.js';
import { Rng } from '../src/random.js';
import { readWideTableHeader } from '../src/wide-table/index.js';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';
import { ensureServingBank } from './lib/serving-bank.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    days: { type: 'string', default: '400' },
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '18181' },
    work: { type: 'string', default: '.bench-work' },
  },
});
const KEY = 'bench-key-0123456789abcdef';
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const bank = await ensureServingBank(values.work!, Number(values.customers), Number(values.days));

const { knex } = openDatabase(`sqlite:${bank.db}`);
const ids = (await knex('customers').pluck('customer_id')) as string[];
await knex.destroy();
Rng.fromSeed(11).shuffle(ids);

interface RunningServer {
  url: string;
  startSeconds: number;
  loadSeconds: number;
  rows: string;
  rssMiB: (field: 'VmRSS' | 'VmHWM') => number;
  stop: () => Promise<number | null>;
}

/** `wealthrec serve` with its production defaults (log level, rate limit), on the default backend choice. */
async function startServer(port: string, extra: string[] = []): Promise<RunningServer> {
  const startedAt = performance.now();
  const server = spawn(
    process.execPath,
    [
      'dist/cli/main.js',
      'serve',
      '--snapshot',
      bank.snapshot,
      // The bank ends on the snapshot's day: that is its today.
      '--today',
      formatDay((await readWideTableHeader(bank.snapshot)).meta.toDay),
      '--models',
      bank.models,
      '--db',
      `sqlite:${bank.db}`,
      '--port',
      port,
      '--drain-delay-ms',
      '0',
      ...extra,
    ],
    {
      env: { ...process.env, WEALTHREC_API_KEYS: KEY },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let banner = '';
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (d) => {
      banner += d;
      if (banner.includes('listening on')) resolve();
    });
    server.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    startSeconds: (performance.now() - startedAt) / 1000,
    loadSeconds: Number(/scored in ([\d.]+) s/.exec(banner)?.[1]),
    rows: /([\d,]+) rows scored/.exec(banner)?.[1] ?? '?',
    rssMiB: (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024,
    stop: () => {
      const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      return exited;
    },
  };
}

let next = 0;
const nextId = () => encodeURIComponent(ids[next++ % ids.length]);
function run(url: string, title: string, duration: number, request: autocannon.Request): Promise<autocannon.Result> {
  console.error(`${title} (${duration} s, ${connections} connections) …`);
  return autocannon({ url, connections, duration, headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, requests: [request] });
}
const single: autocannon.Request = { method: 'GET', setupRequest: (req) => ({ ...req, path: `/v1/customers/${nextId()}/recommendations?n=10` }) };
const batch: autocannon.Request = {
  method: 'POST',
  path: '/v1/recommendations:batch',
  setupRequest: (req) => ({ ...req, body: JSON.stringify({ customerIds: Array.from({ length: 100 }, () => ids[next++ % ids.length]), n: 10 }) }),
};

const server = await startServer(values.port!);
const rssAfterLoad = server.rssMiB('VmRSS');
const info = (await (await fetch(`${server.url}/v1/models`, { headers: { 'X-API-Key': KEY } })).json()) as { version: string; backend: { scoredWith: string } };
await run(server.url, 'warm-up', 5, single);
const top10 = await run(server.url, 'GET top-10', seconds, single);
const batched = await run(server.url, 'POST batch of 100', Math.max(5, seconds / 2), batch);
const rssAfterLoadTest = server.rssMiB('VmRSS');
const peakRss = server.rssMiB('VmHWM');
const exitCode = await server.stop();

// The same route through Express alone: what the fast path saves.
const viaExpress = await startServer(String(Number(values.port) + 1), ['--no-fast-path']);
await run(viaExpress.url, 'warm-up, Express only', 5, single);
const top10Express = await run(viaExpress.url, 'GET top-10, Express only', seconds, single);
await viaExpress.stop();

const failures = (r: autocannon.Result) => r.errors + r.timeouts + r.non2xx;
const line = (name: string, r: autocannon.Result, per: number) =>
  `| ${name} | ${Math.round(r.requests.average).toLocaleString('en')} | ${Math.round(r.requests.average * per).toLocaleString('en')} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.requests.total.toLocaleString('en')} | ${failures(r)} |`;
const met = top10.requests.average >= 1500 && top10.latency.p99 <= 10 && failures(top10) === 0;
replaceSection(
  'serving-load',
  `## Serving: the recommendation API under load

- Measured: ${new Date().toISOString().slice(0, 10)} on ${machineLine()}
- Command: \`npm run bench:serving\` (\`node dist/bench/serving-load.js --customers ${values.customers} --days ${values.days} --seconds ${seconds} --connections ${connections}\`)
- Server: \`wealthrec serve\` in its own process with its defaults (log level warn, rate limit ${DEFAULT_RATE_LIMIT_PER_SECOND.toLocaleString('en')} req/s per key), backend **${info.backend.scoredWith}**, model ${info.version}; load from autocannon in a second process over loopback, ${connections} connections, customers in a shuffled order; a 5 s warm-up is not counted
- Bank: ${Number(values.customers).toLocaleString('en')} customers; the snapshot of the last day holds ${server.rows} servable rows (every customer x the on-sale products they may buy)

| call | req/s | customers/s | p50 ms | p99 ms | max ms | requests | errors + non-2xx |
|---|---|---|---|---|---|---|---|
${line('GET /v1/customers/{id}/recommendations?n=10', top10, 1)}
${line('POST /v1/recommendations:batch (100 ids, n=10)', batched, 100)}
${line('the same GET through Express only (`--no-fast-path`)', top10Express, 1)}

- Start: ${server.startSeconds.toFixed(1)} s from launch to listening, of which ${server.loadSeconds.toFixed(1)} s to load and verify the model, score every snapshot row and warm up
- Server RSS: ${rssAfterLoad.toFixed(0)} MiB after loading, ${rssAfterLoadTest.toFixed(0)} MiB after the load test, peak ${peakRss.toFixed(0)} MiB; exit code on SIGTERM ${exitCode}
- Target (issue 5): >= 1,500 req/s at p99 <= 10 ms for GET top-10 on this 2-core machine: **${met ? 'met' : 'missed'}**`,
);
console.log(
  `GET top-10: ${Math.round(top10.requests.average)} req/s, p50 ${top10.latency.p50} ms, p99 ${top10.latency.p99} ms, ${failures(top10)} failures; batch: ${Math.round(batched.requests.average)} req/s; Express only ${Math.round(top10Express.requests.average)} req/s p99 ${top10Express.latency.p99} ms; start ${server.startSeconds.toFixed(1)} s; RSS ${rssAfterLoad.toFixed(0)}/${peakRss.toFixed(0)} MiB`,
);
