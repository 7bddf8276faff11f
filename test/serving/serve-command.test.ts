/**
 * `wealthrec serve` as a process: it loads the champion and the snapshot, answers with an API key,
 * and on SIGTERM stops and exits 0. Runs the compiled CLI (npm test builds first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveServingState } from '../../serving/serving-state.js';
import { openDatabase } from '../../src/db/index.js';
import { parseDay } from '../../src/domain/dates.js';
import { prepareServedBank, type ServedBank } from './served-bank.js';

const KEY = 'serve-test-key-0123456789';
let bank: ServedBank;
let server: ChildProcess | undefined;

beforeAll(async () => {
  bank = await prepareServedBank({ customers: 300, days: 120, seed: 4 });
}, 180_000);
afterAll(() => {
  server?.kill('SIGKILL');
  if (bank) rmSync(bank.dir, { recursive: true, force: true });
});

describe('wealthrec serve', () => {
  it('serves the champion over the snapshot and exits 0 on SIGTERM', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    server = spawn(process.execPath, ['dist/src/cli/main.js', 'serve', '--snapshot', bank.snapshot, '--models', bank.models, '--db', bank.dbUrl, '--port', String(port)], {
      env: { ...process.env, WEALTHREC_API_KEYS: KEY, WEALTHREC_TF_BACKEND: 'wasm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 300 && !output.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('listening on');

    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const models = (await (await fetch(`${base}/v1/models`, { headers: { 'X-API-Key': KEY } })).json()) as { version: string };
    expect(models.version).toMatch(/-mlp-/);
    expect((await fetch(`${base}/v1/models`)).status).toBe(401);

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('reports a stale snapshot as not ready, and keeps serving the old set when a reload finds a corrupt model', async () => {
    const { knex } = openDatabase(bank.dbUrl);
    try {
      let today = 0;
      const state = new LiveServingState(knex, { modelsRoot: bank.models, snapshotPath: bank.snapshot, maxSnapshotAgeDays: 1, today: () => today });
      expect(await state.notReadyBecause()).toEqual(['no model and snapshot loaded']);
      const loaded = await state.reload();
      const asOf = parseDay(loaded.asOf)!;
      today = asOf + 1;
      expect(await state.notReadyBecause()).toEqual([]);
      today = asOf + 5;
      expect(await state.notReadyBecause()).toEqual([`snapshot as of ${loaded.asOf} is 5 days old (limit 1)`]);

      const before = state.recommender();
      truncateSync(join(bank.models, bank.version, 'weights.bin'), 64);
      await expect(state.reload()).rejects.toThrow(/weights\.bin does not match its sha256/);
      expect(state.recommender()).toBe(before);
    } finally {
      await knex.destroy();
    }
  });
});
