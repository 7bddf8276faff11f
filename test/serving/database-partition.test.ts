/**
 * A network partition between the server and MariaDB (a proxy that stops forwarding, as a
 * black-holed port does): readiness and campaign exports answer 503 within about a second,
 * recommendations keep answering from memory, everything works again once the network heals, and
 * SIGTERM during a partition ends the process within its shutdown budget.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, mysqlAvailable, type TestDatabase } from '../support/test-database.js';
import { startTcpProxy, type TcpProxy } from '../../bench/lib/tcp-proxy.js';
import { addDemandChampion, prepareServedBank, type ServedBank } from './served-bank.js';
import { startServeProcess } from './serve-process.js';

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
  let product: string;
  const exportList = () =>
    fetch(`${base}/v1/campaigns:export`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: product, channel: 'sms', top: 10, capDays: 0 }),
      signal: AbortSignal.timeout(10_000),
    });

  beforeAll(async () => {
    db = await createTestDatabase('mariadb');
    bank = await prepareServedBank({ customers: 200, days: 100, seed: 6, dbUrl: db.url });
    await addDemandChampion(bank);
    product = (
      await db
        .knex('products')
        .where('sale_start_day', '<=', bank.asOf)
        .andWhere((q) => q.whereNull('sale_end_day').orWhere('sale_end_day', '>=', bank.asOf))
        .first('product_id')
    ).product_id;
    customer = (await db.knex('customers').orderBy('customer_id').first('customer_id')).customer_id;
    const target = new URL(db.url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 3306));
    target.port = String(proxy.port);
    ({
      child: server,
      exited,
      base,
    } = await startServeProcess(bank, {
      dbUrl: target.toString(),
      flags: ['--exports-dir', `${bank.dir}/exports`, '--drain-delay-ms', '200', '--shutdown-timeout-ms', '2000'],
      env: { WEALTHREC_API_KEYS: KEY },
    }));
  }, 240_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    await proxy?.close();
    await db?.drop();
    if (bank) rmSync(bank.dir, { recursive: true, force: true });
  });

  it('answers /readyz and exports 503 within about a second, keeps answering from memory, recovers, and shuts down within its budget', async () => {
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
    let started = Date.now();
    const refused = await exportList();
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'not_ready',
      message: expect.stringMatching(/^database unreachable: .*retry when \/readyz answers 200$/),
    });
    expect(Date.now() - started).toBeLessThan(1500);

    // The network heals: what it held is delivered, and the server is whole again.
    proxy.heal();
    await vi.waitFor(async () => expect((await fetch(`${base}/readyz`)).status).toBe(200), { timeout: 10_000, interval: 200 });
    const exported = await exportList();
    expect(exported.status).toBe(200);
    const auditId = Number(exported.headers.get('x-audit-id'));
    expect((await db.knex('audit_log').where('id', auditId).first()).action).toBe('campaign.export');

    // SIGTERM while the database is cut again.
    proxy.blackhole();
    started = Date.now();
    expect((await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1500);
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
