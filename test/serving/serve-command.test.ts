/**
 * `wealthrec serve` as a process: it loads the champion and the snapshot, answers with an API key,
 * and on SIGTERM stops and exits 0. Runs the compiled CLI (npm test builds first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWideTable } from '../../features/index.js';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { parseDay } from '../../src/domain/dates.js';
import { importBank } from '../../src/import/index.js';
import { generateBank } from '../../src/synthetic/index.js';
import { selectBackend } from '../../training/backend.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { writeModelDirectory } from '../../training/model-directory.js';
import { promote } from '../../training/registry.js';
import { loadSamples } from '../../training/samples.js';
import { trainForServing } from '../../training/train-for-serving.js';
import { LiveServingState } from '../../serving/serving-state.js';

const KEY = 'serve-test-key-0123456789';
let dir: string;
let server: ChildProcess | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wealthrec-serve-'));
  const backend = await selectBackend('wasm');
  const summary = await generateBank({ customers: 300, days: 120, seed: 4, outDir: join(dir, 'bank') });
  const { knex } = openDatabase(`sqlite:${join(dir, 'bank.db')}`);
  try {
    await migrateToLatest(knex);
    expect((await importBank(knex, { dir: join(dir, 'bank') })).status).toBe('committed');
    const last = parseDay(summary.lastDay)!;
    await buildWideTable(knex, { kind: 'samples', fromDay: last - 80, toDay: last - 1, out: join(dir, 'samples.arrow'), format: 'arrow' });
    await buildWideTable(knex, { kind: 'snapshot', fromDay: last, toDay: last, out: join(dir, 'snapshot.arrow'), format: 'arrow' });
  } finally {
    await knex.destroy();
  }
  const contents = await trainForServing(await loadSamples(join(dir, 'samples.arrow')), { architecture: 'mlp', seed: 1, fit: { ...DEFAULT_FIT_OPTIONS, maxEpochs: 2 }, validationDays: 3, backend, samplesFile: 'samples.arrow' });
  await writeModelDirectory(join(dir, 'models', contents.card.version), contents);
  await promote(join(dir, 'models'), contents.card.version);
}, 180_000);
afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('wealthrec serve', () => {
  it('serves the champion over the snapshot and exits 0 on SIGTERM', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    server = spawn(process.execPath, ['dist/src/cli/main.js', 'serve', '--snapshot', join(dir, 'snapshot.arrow'), '--models', join(dir, 'models'), '--db', `sqlite:${join(dir, 'bank.db')}`, '--port', String(port)], {
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
    const { knex } = openDatabase(`sqlite:${join(dir, 'bank.db')}`);
    try {
      let today = 0;
      const state = new LiveServingState(knex, { modelsRoot: join(dir, 'models'), snapshotPath: join(dir, 'snapshot.arrow'), maxSnapshotAgeDays: 1, today: () => today });
      expect(await state.notReadyBecause()).toEqual(['no model and snapshot loaded']);
      const loaded = await state.reload();
      const asOf = parseDay(loaded.asOf)!;
      today = asOf + 1;
      expect(await state.notReadyBecause()).toEqual([]);
      today = asOf + 5;
      expect(await state.notReadyBecause()).toEqual([`snapshot as of ${loaded.asOf} is 5 days old (limit 1)`]);

      const before = state.recommender();
      const version = readdirSync(join(dir, 'models')).find((f) => f.includes('-mlp-'))!;
      truncateSync(join(dir, 'models', version, 'weights.bin'), 64);
      await expect(state.reload()).rejects.toThrow(/weights\.bin does not match its sha256/);
      expect(state.recommender()).toBe(before);
    } finally {
      await knex.destroy();
    }
  });
});
