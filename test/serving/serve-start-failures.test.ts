/**
 * `wealthrec serve` that cannot start says why and exits with the README's code within seconds,
 * whatever it had opened (the database pool, watchers, worker threads): a truncated, garbage, empty
 * or wrong-kind snapshot, a database of another bank, a port in use, a database that does not exist.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWideTable } from '../../features/index.js';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { formatDay } from '../../src/domain/dates.js';
import { checksumPath } from '../../src/wide-table/checksums.js';
import { prepareServedBank, type ServedBank } from './served-bank.js';

const KEY = 'start-failure-key-0123456789abcdef';
/** What "within seconds" means here: the start itself takes a few (loading tfjs, the model). */
const EXIT_WITHIN_MS = 20_000;

let bank: ServedBank;
let otherBank: string;

beforeAll(async () => {
  bank = await prepareServedBank({ customers: 200, days: 100, seed: 5 });
  // A database of another bank: none of the snapshot's customers is in it.
  otherBank = join(bank.dir, 'other.db');
  const other = openDatabase(`sqlite:${otherBank}`).knex;
  await migrateToLatest(other);
  await other.destroy();
  // A wrong kind of wide table: samples, not a snapshot.
  const { knex } = openDatabase(bank.dbUrl);
  await buildWideTable(knex, { kind: 'samples', fromDay: bank.asOf - 5, toDay: bank.asOf - 1, out: join(bank.dir, 'samples-other.arrow'), format: 'arrow' });
  await knex.destroy();
}, 240_000);
afterAll(() => {
  if (bank) rmSync(bank.dir, { recursive: true, force: true });
});

/** Starts `serve` with the given snapshot and database; resolves with its exit code, how long it ran, and what it printed. */
function serve(snapshot: string, dbUrl: string, port: number): Promise<{ code: number | null; ms: number; stderr: string }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['dist/cli/main.js', 'serve', '--snapshot', snapshot, '--models', bank.models, '--db', dbUrl, '--port', String(port), '--today', formatDay(bank.asOf)],
    { env: { ...process.env, WEALTHREC_API_KEYS: KEY, WEALTHREC_TF_BACKEND: 'wasm' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, ms: Date.now() - started, stderr });
    }),
  );
}

const port = () => 30_000 + Math.floor(Math.random() * 20_000);

function snapshotVariant(name: string, damage: (file: string) => void): string {
  const file = join(bank.dir, name);
  copyFileSync(bank.snapshot, file);
  copyFileSync(checksumPath(bank.snapshot), checksumPath(file));
  damage(file);
  return file;
}

describe('wealthrec serve that cannot start', () => {
  it.each([
    ['a truncated snapshot', () => snapshotVariant('truncated.arrow', (f) => truncateSync(f, 4096)), /truncated or corrupt wide table/],
    [
      'a garbage snapshot',
      () => snapshotVariant('garbage.arrow', (f) => writeFileSync(f, 'this is not an arrow file at all\n'.repeat(50))),
      /not an Arrow IPC file/,
    ],
    ['an empty snapshot', () => snapshotVariant('empty.arrow', (f) => writeFileSync(f, '')), /not an Arrow IPC file/],
    [
      'a snapshot with 20 flipped bytes',
      () =>
        snapshotVariant('flipped.arrow', (f) => {
          const bytes = readFileSync(f);
          for (let k = 0; k < 20; k++) bytes[(bytes.length >> 1) + k * 16] ^= 0x5a;
          writeFileSync(f, bytes);
        }),
      /does not match its checksum .*: the file is corrupt; rebuild it/,
    ],
    ['a snapshot without its checksum file', () => snapshotVariant('unsummed.arrow', (f) => rmSync(checksumPath(f))), /has no checksum file/],
  ])(
    'exits 1 within seconds, saying why, for %s',
    async (_what, make, reason) => {
      const result = await serve(make(), bank.dbUrl, port());
      expect(result.stderr).toMatch(reason);
      expect(result.code).toBe(1);
      expect(result.ms).toBeLessThan(EXIT_WITHIN_MS);
    },
    60_000,
  );

  it('exits 1 for a wide table of the wrong kind, and for a snapshot of another bank', async () => {
    const wrongKind = await serve(join(bank.dir, 'samples-other.arrow'), bank.dbUrl, port());
    expect(wrongKind.stderr).toMatch(/is a samples wide table; serving needs a snapshot|other features/);
    expect(wrongKind.code).toBe(1);
    const otherDb = await serve(bank.snapshot, `sqlite:${otherBank}`, port());
    expect(otherDb.stderr).toMatch(/different banks/);
    expect(otherDb.code).toBe(1);
    expect(Math.max(wrongKind.ms, otherDb.ms)).toBeLessThan(EXIT_WITHIN_MS);
  }, 90_000);

  it('exits 2 when its port is in use, and when the database does not exist (creating nothing)', async () => {
    const taken: Server = createServer();
    const busy = port();
    await new Promise<void>((resolve) => taken.listen(busy, '127.0.0.1', resolve));
    try {
      const inUse = await serve(bank.snapshot, bank.dbUrl, busy);
      expect(inUse.stderr).toMatch(/already in use: pass another --port/);
      expect(inUse.code).toBe(2);
      expect(inUse.ms).toBeLessThan(EXIT_WITHIN_MS);
    } finally {
      taken.close();
    }
    const missing = join(bank.dir, 'no-such-folder', 'bank.db');
    const absent = await serve(bank.snapshot, `sqlite:${missing}`, port());
    expect(absent.stderr).toMatch(/database sqlite:.*no-such-folder.*bank\.db does not exist/);
    expect(absent.code).toBe(2);
    expect(existsSync(join(bank.dir, 'no-such-folder'))).toBe(false);
  }, 60_000);
});

describe('read-only commands', () => {
  it.each([
    ['features snapshot', ['features', 'snapshot', '--as-of', '2026-06-30', '--out', 'never.arrow']],
    ['profile build', ['profile', 'build', '--as-of', '2026-06-30', '--out', 'never.arrow', '--no-models']],
  ])(
    '%s refuses a database that does not exist, exits 2, and creates nothing',
    async (_what, args) => {
      const missing = join(bank.dir, 'absent-folder', 'bank.db');
      const child = spawn(process.execPath, ['dist/cli/main.js', ...args, '--db', `sqlite:${missing}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(stderr).toMatch(/does not exist: create it with wealthrec import DIR/);
      expect(code).toBe(2);
      expect(existsSync(join(bank.dir, 'absent-folder'))).toBe(false);
    },
    30_000,
  );
});
