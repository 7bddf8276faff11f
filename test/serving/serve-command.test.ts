/**
 * `wealthrec serve` as a process, as operations see it: it serves the champion over the snapshot,
 * follows a promotion and a rebuilt snapshot without a restart, keeps serving the old model when the
 * new champion is corrupt, and on SIGTERM turns readiness 503, finishes the request in flight and
 * exits 0; and, started with a keys file, serves its keys by scope and rotates them when the file is
 * replaced, keeping them when the new file is broken. Runs the compiled CLI (npm test builds first).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWideTable } from '../../features/index.js';
import { modelInfo, readiness } from '../../serving/api-schemas.js';
import { hashedId } from '../../serving/hashed-id.js';
import { LiveServingState } from '../../serving/serving-state.js';
import { openDatabase } from '../../src/db/index.js';
import { formatDay, parseDay } from '../../src/domain/dates.js';
import { promote } from '../../src/model-directory/registry.js';
import { addDemandChampion, addModelVersion, prepareServedBank, type ServedBank } from './served-bank.js';
import { startServeProcess, type ServeProcess } from './serve-process.js';

const KEY = 'serve-test-key-0123456789abcdef012345';
const DRAIN_DELAY_MS = 1500;
let bank: ServedBank;

beforeAll(async () => {
  bank = await prepareServedBank({ customers: 300, days: 120, seed: 4 });
}, 180_000);
afterAll(() => {
  if (bank) rmSync(bank.dir, { recursive: true, force: true });
});

describe('wealthrec serve (the process)', () => {
  let serve: ServeProcess;
  let server: ChildProcess;
  let exited: Promise<number | null>;
  let base: string;
  const output = () => serve.output();
  const api = async (path: string) => (await fetch(`${base}${path}`, { headers: { 'X-API-Key': KEY } })).json();
  const metricsText = async () => (await fetch(`${base}/metrics`)).text();

  beforeAll(async () => {
    serve = await startServeProcess(bank, {
      flags: ['--reload-poll-ms', '100', '--drain-delay-ms', String(DRAIN_DELAY_MS), '--exports-dir', join(bank.dir, 'exports')],
      env: { WEALTHREC_API_KEYS: KEY, WEALTHREC_LOG_LEVEL: 'debug' },
    });
    ({ child: server, exited, base } = serve);
  }, 40_000);
  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it('serves the champion, with readiness and the model contract', async () => {
    readiness.parse(await (await fetch(`${base}/readyz`)).json());
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const models = modelInfo.parse(await api('/v1/models'));
    expect(models).toMatchObject({ version: bank.version, snapshotAsOf: formatDay(bank.asOf), backend: { trainedWith: 'wasm', scoredWith: 'wasm' } });
    expect((await fetch(`${base}/v1/models`)).status).toBe(401);
  });

  it('logs each request with its id and route template, and never a customer id or an API key', async () => {
    const customer = await firstCustomer();
    for (const path of [`/v1/customers/${customer}/recommendations?n=2`, `/v1/customers/${customer}/recommendations?n=999`]) {
      const res = await fetch(`${base}${path}`, { headers: { 'X-API-Key': KEY, 'X-Request-Id': 'wechat-trace-7' } });
      expect(res.headers.get('x-request-id')).toBe('wechat-trace-7');
    }
    await vi.waitFor(
      () =>
        expect(output().match(/"id":"wechat-trace-7"[^\n]*"route":"\/v1\/customers\/:customerId\/recommendations"[^\n]*request completed/g)?.length).toBe(2),
      { timeout: 5000 },
    );
    expect(output()).toContain(`"customer":"${hashedId(customer)}"`);
    expect(output()).not.toContain(customer);
    expect(output()).not.toContain(KEY);
  });

  it('counts the change feed and the customers computed on request in /metrics, and says how fresh it is in /v1/models', async () => {
    const metrics = await metricsText();
    expect(metrics).toMatch(/wealthrec_change_feed_lag_seconds \d/);
    expect(metrics).toContain('wealthrec_change_feed_runs_total');
    expect(metrics).toContain('wealthrec_recomputations_total');
    const info = modelInfo.parse(await api('/v1/models'));
    expect(info.freshness).toMatchObject({ snapshotAsOf: formatDay(bank.asOf), servingDay: formatDay(bank.asOf), recomputeOnRequest: true });
  });

  it('picks up a newly promoted champion without a restart', async () => {
    const next = await addModelVersion(bank, 2);
    expect(next).not.toBe(bank.version);
    await promote(bank.models, next);
    await vi.waitFor(async () => expect(((await api('/v1/models')) as { version: string }).version).toBe(next), { timeout: 20_000, interval: 100 });
    expect(await metricsText()).toMatch(new RegExp(`wealthrec_model_info\\{version="${next}",snapshot_as_of="${formatDay(bank.asOf)}"\\} 1`));
    expect(await metricsText()).toMatch(/wealthrec_reloads_total\{result="ok"\} 1/);
  }, 60_000);

  it('picks up a rebuilt snapshot without a restart', async () => {
    const { knex } = openDatabase(bank.dbUrl);
    try {
      // Rebuilt in place, as the daily job does: the writer renames the finished file over the old one.
      await buildWideTable(knex, { kind: 'snapshot', fromDay: bank.asOf - 1, toDay: bank.asOf - 1, out: bank.snapshot, format: 'arrow', horizonDays: 7 });
    } finally {
      await knex.destroy();
    }
    await vi.waitFor(async () => expect(((await api('/v1/models')) as { snapshotAsOf: string }).snapshotAsOf).toBe(formatDay(bank.asOf - 1)), {
      timeout: 20_000,
      interval: 100,
    });
  }, 60_000);

  it('answers a campaign export 503 without a demand champion, and runs it once one is promoted, without a restart', async () => {
    const { knex } = openDatabase(bank.dbUrl);
    let productId: string;
    let demandVersion: string;
    const exportList = () =>
      fetch(`${base}/v1/campaigns:export`, {
        method: 'POST',
        headers: { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify({ productId, channel: 'sms', top: 10 }),
      });
    const campaignExport = async () => modelInfo.parse(await api('/v1/models')).campaignExport;
    try {
      const day = parseDay(((await api('/v1/models')) as { snapshotAsOf: string }).snapshotAsOf)!;
      productId = (
        await knex('products')
          .where('sale_start_day', '<=', day)
          .andWhere((q) => q.whereNull('sale_end_day').orWhere('sale_end_day', '>=', day))
          .orderBy('product_id')
          .first('product_id')
      ).product_id;
      const refused = await exportList();
      expect(refused.status).toBe(503);
      expect(await refused.json()).toEqual({
        error: { code: 'campaign_unavailable', message: expect.stringMatching(/^no demand champion in .*: run wealthrec demand train --promote/) },
      });
      expect(await campaignExport()).toMatchObject({ available: false, demandModelVersion: null });
      expect((await fetch(`${base}/readyz`)).status).toBe(200); // readiness is about recommendations

      // What `wealthrec demand train --promote` does: a demand model written to <models>/demand and its pointer moved.
      demandVersion = await addDemandChampion(bank);

      await vi.waitFor(async () => expect(await campaignExport()).toEqual({ available: true, demandModelVersion: demandVersion, reason: null }), {
        timeout: 20_000,
        interval: 100,
      });
      const res = await exportList();
      expect(res.status).toBe(200);
      expect((await res.text()).split('\n')[0]).toBe('customer_id,rank,score,decile');
      const audit = await knex('audit_log')
        .where('id', Number(res.headers.get('x-audit-id')))
        .first();
      expect(JSON.parse(audit.details)).toMatchObject({ requestedBy: 'api:env-1', models: { demand: demandVersion } });
    } finally {
      await knex.destroy();
    }
  }, 60_000);

  it('keeps serving the old model when the new champion is corrupt, and reports the failure', async () => {
    const serving = ((await api('/v1/models')) as { version: string }).version;
    cpSync(join(bank.models, serving), join(bank.models, 'broken'), { recursive: true });
    truncateSync(join(bank.models, 'broken', 'weights.bin'), 64);
    // Pointed at by hand (promote would refuse it), as a bad deploy or a damaged disk would.
    writeFileSync(join(bank.models, '.champion.tmp'), JSON.stringify({ version: 'broken', promotedAt: new Date().toISOString(), previous: serving }));
    renameSync(join(bank.models, '.champion.tmp'), join(bank.models, 'champion.json'));
    await vi.waitFor(async () => expect(await metricsText()).toMatch(/wealthrec_reloads_total\{result="failed"\} [1-9]/), { timeout: 20_000, interval: 100 });
    expect(((await api('/v1/models')) as { version: string }).version).toBe(serving);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(output()).toMatch(/reload failed: the previous model and snapshot keep serving/);
    expect(output()).toMatch(/weights\.bin does not match its sha256/);
  }, 30_000);

  it('on SIGTERM turns readiness 503, finishes the request in flight, then exits 0', async () => {
    const customerId = await firstCustomer();
    const body = JSON.stringify({ customerIds: [customerId], n: 2 });
    // A request in flight: headers and half the body sent, the rest held back until the server has stopped accepting.
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    let response = '';
    socket.on('data', (d) => (response += d));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /v1/recommendations:batch HTTP/1.1\r\nHost: x\r\nX-API-Key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 100));

    server.kill('SIGTERM');
    await vi.waitFor(async () => expect((await fetch(`${base}/readyz`)).status).toBe(503), { timeout: DRAIN_DELAY_MS, interval: 50 });
    const during = await fetch(`${base}/readyz`);
    expect(((await during.json()) as { reasons: string[] }).reasons).toContain('shutting down');
    expect(during.headers.get('connection')).toBe('close'); // keep-alive clients are sent elsewhere
    // After the drain delay the port is closed to new connections, and the request in flight still waits.
    await vi.waitFor(
      async () =>
        expect(
          await fetch(`${base}/healthz`).then(
            () => 'open',
            () => 'closed',
          ),
        ).toBe('closed'),
      { timeout: DRAIN_DELAY_MS + 3000, interval: 100 },
    );
    expect(server.exitCode).toBeNull();

    socket.write(body.slice(10));
    const sentAt = Date.now();
    await ended; // answered, then the connection closed
    expect(response).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(response).toContain(`"customerId":"${customerId}"`);
    expect(await exited).toBe(0);
    expect(Date.now() - sentAt).toBeLessThan(4000); // not held open until the 5 s keep-alive timeout
  }, 30_000);

  async function firstCustomer(): Promise<string> {
    const { knex } = openDatabase(bank.dbUrl);
    try {
      return (await knex('customers').orderBy('customer_id').first('customer_id')).customer_id as string;
    } finally {
      await knex.destroy();
    }
  }
});

describe('wealthrec serve with a keys file (hashes only)', () => {
  let server: ChildProcess;
  let exited: Promise<number | null>;
  let base: string;
  const keysFile = () => join(bank.dir, 'api-keys.txt');
  /** `wealthrec keys create`, as an operator runs it: the key it prints once. */
  const createKey = (file: string, name: string, scopes: string) => {
    const run = spawnSync(process.execPath, ['dist/cli/main.js', 'keys', 'create', name, '--scopes', scopes, '--keys-file', file], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return run.stdout.trim();
  };
  const status = async (path: string, key: string) => (await fetch(`${base}${path}`, { headers: { 'X-API-Key': key } })).status;

  it('serves the keys of the file by scope, rotates them when the file is replaced, and keeps them when it is broken', async () => {
    const reader = createKey(keysFile(), 'reader', 'recommendations');
    // Its own copy of the registry, its champion intact whatever the tests above did to theirs.
    const models = join(bank.dir, 'models-for-keys');
    cpSync(bank.models, models, { recursive: true });
    await promote(models, bank.version);
    const serve = await startServeProcess(bank, {
      models,
      flags: ['--api-keys-file', keysFile(), '--reload-poll-ms', '100', '--drain-delay-ms', '0', '--exports-dir', join(bank.dir, 'exports-keys')],
      env: { WEALTHREC_API_KEYS: undefined, WEALTHREC_LOG_LEVEL: 'info' },
    });
    ({ child: server, exited, base } = serve);
    const output = () => serve.output();
    expect(output()).toContain(`API keys: 1 key(s) from ${keysFile()} (reader: recommendations), watched for changes`);

    const customer = (await (await fetch(`${base}/v1/customers/NOBODY/recommendations`, { headers: { 'X-API-Key': reader } })).json()) as unknown;
    expect(customer).toMatchObject({ error: { code: 'unknown_customer' } }); // past the key and the scope
    expect(await status('/v1/models', reader)).toBe(403);

    // Rotation: a new file made aside and renamed over the old one, as a deploy does.
    const next = join(bank.dir, 'api-keys.next');
    const ops = createKey(next, 'ops', 'recommendations,admin');
    renameSync(next, keysFile());
    await vi.waitFor(async () => expect(await status('/v1/models', ops)).toBe(200), { timeout: 10_000, interval: 100 });
    expect(await status('/v1/models', reader)).toBe(401);
    expect(output()).toMatch(/"keys":\["ops"\][^\n]*API keys file read again/);

    // A broken file: the keys in force stay, the failure is logged and counted.
    writeFileSync(next, 'ops recommendations\n');
    renameSync(next, keysFile());
    await vi.waitFor(async () => expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/wealthrec_api_key_reloads_total\{result="failed"\} 1/), {
      timeout: 10_000,
      interval: 100,
    });
    expect(output()).toMatch(/"level":50[^\n]*api-keys.txt:1: expected[^\n]*API keys file could not be used: the previous keys stay in force/);
    expect(await status('/v1/models', ops)).toBe(200);
    expect(await status('/v1/models', reader)).toBe(401);

    for (const key of [reader, ops]) {
      expect(output()).not.toContain(key);
      expect(readFileSync(keysFile(), 'utf8')).not.toContain(key);
    }
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  afterAll(() => {
    server?.kill('SIGKILL');
  });
});

describe('LiveServingState', () => {
  it('reports a stale snapshot as not ready, and keeps serving the old set when a reload finds a corrupt model', async () => {
    // Its own copy of the registry, so the corruption below touches nothing else.
    const models = join(bank.dir, 'models-for-state');
    cpSync(bank.models, models, { recursive: true });
    await promote(models, bank.version);
    const { knex } = openDatabase(bank.dbUrl);
    try {
      let today = 0;
      const state = new LiveServingState(knex, { modelsRoot: models, snapshotPath: bank.snapshot, maxSnapshotAgeDays: 1, today: () => today });
      expect(await state.notReadyBecause()).toEqual(['no model and snapshot loaded']);
      const loaded = await state.reload();
      const asOf = parseDay(loaded.asOf)!;
      today = asOf + 1;
      expect(await state.notReadyBecause()).toEqual([]);
      today = asOf + 5;
      expect(await state.notReadyBecause()).toEqual([`snapshot as of ${loaded.asOf} is 5 days old (limit 1)`]);

      const before = state.recommender();
      truncateSync(join(models, bank.version, 'weights.bin'), 64);
      await expect(state.reload()).rejects.toThrow(/weights\.bin does not match its sha256/);
      expect(state.recommender()).toBe(before);
    } finally {
      await knex.destroy();
    }
  });
});
