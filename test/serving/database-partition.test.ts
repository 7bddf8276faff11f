/**
 * A network partition between the server and MariaDB (a proxy that stops forwarding, as a
 * black-holed port does): readiness answers 503 within about a second, recommendations keep
 * answering from memory, and SIGTERM ends the process within its shutdown budget.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatDay } from '../../src/domain/dates.js';
import { createTestDatabase, mysqlAvailable, type TestDatabase } from '../support/test-database.js';
import { startTcpProxy, type TcpProxy } from '../../bench/lib/tcp-proxy.js';
import { prepareServedBank, type ServedBank } from './served-bank.js';

const KEY = 'partition-key-0123456789abcdefgh';
const available = await mysqlAvailable();

describe.runIf(available)('a network partition to MariaDB', () => {
  let db: TestDatabase;
  let bank: ServedBank;
  let proxy: TcpProxy;
  let server: ChildProcess;
  let exited: Promise<number | null>;
  let base: string;
  let customer: string;

  beforeAll(async () => {
    db = await createTestDatabase('mariadb');
    bank = await prepareServedBank({ customers: 200, days: 100, seed: 6, dbUrl: db.url });
    customer = (await db.knex('customers').orderBy('customer_id').first('customer_id')).customer_id;
    const target = new URL(db.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 3306));
    target.port = String(proxy.port);
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    base = `http://127.0.0.1:${port}`;
    server = spawn(
      process.execPath,
      [
        'dist/cli/main.js',
        'serve',
        '--snapshot',
        bank.snapshot,
        '--models',
        bank.models,
        '--db',
        target.toString(),
        '--port',
        String(port),
        '--today',
        formatDay(bank.asOf),
        '--drain-delay-ms',
        '200',
        '--shutdown-timeout-ms',
        '2000',
      ],
      { env: { ...process.env, WEALTHREC_API_KEYS: KEY, WEALTHREC_TF_BACKEND: 'wasm' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    exited = new Promise((resolve) => server.once('exit', resolve));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('listening on')) resolve();
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}) before listening`)));
    });
  }, 240_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    await proxy?.close();
    await db?.drop();
    if (bank) rmSync(bank.dir, { recursive: true, force: true });
  });

  it('answers /readyz 503 within about a second, keeps answering from memory, and shuts down within its budget', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    proxy.blackhole();

    for (let probe = 0; probe < 3; probe++) {
      const started = Date.now();
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(10_000) });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { reasons: string[] }).reasons.join(' ')).toMatch(/database unreachable: no answer within \d+ ms/);
      expect(Date.now() - started).toBeLessThan(1500);
    }
    const answer = await fetch(`${base}/v1/customers/${customer}/recommendations?n=3`, { headers: { 'X-API-Key': KEY }, signal: AbortSignal.timeout(5000) });
    expect(answer.status).toBe(200);

    const stopping = Date.now();
    server.kill('SIGTERM');
    const code = await vi.waitFor(
      async () => {
        const c = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 100))]);
        if (c === 'running') throw new Error('still running');
        return c;
      },
      { timeout: 12_000, interval: 100 },
    );
    expect(code).toBe(0);
    // Drain 0.2 s + shutdown timeout 2 s + at most 2 s for each step that waits on the database.
    expect(Date.now() - stopping).toBeLessThan(8000);
  }, 60_000);
});
