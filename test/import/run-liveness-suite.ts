/** Import runs whose process died are marked abandoned by the next import, and live ones never: on every backend. */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importBank } from '../../import/index.js';
import { keepAlive, processSpace, STALE_AFTER_MS } from '../../import/run-liveness.js';
import { TINY_BANK } from '../support/fixtures.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/test-database.js';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** A pid that named a process a moment ago and names none now (it ran and was reaped). */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', '0']);
  return done.pid!;
}

/** A copy of the tiny bank whose customers.csv is a named pipe nobody writes: an import reading it waits forever. */
function bankThatHangs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wealthrec-hang-'));
  cpSync(TINY_BANK, dir, { recursive: true });
  rmSync(join(dir, 'customers.csv'));
  execFileSync('mkfifo', [join(dir, 'customers.csv')]);
  return dir;
}

export function defineRunLivenessSuite(backend: Backend, enabled: () => boolean): void {
  describe.runIf(enabled())(`abandoned import runs on ${backend}`, () => {
    let db: TestDatabase;
    let child: ChildProcess | null = null;
    beforeEach(async () => {
      db = await createTestDatabase(backend);
    });
    afterEach(async () => {
      child?.kill('SIGKILL');
      child = null;
      await db.drop();
    });

    const insertRun = async (run: { startedAt: string; heartbeatAt: string | null; space: string | null; pid: number | null }) => {
      const [id] = await db.knex('import_runs').insert({
        started_at: run.startedAt,
        heartbeat_at: run.heartbeatAt,
        owner_space: run.space,
        owner_pid: run.pid,
        source: '/somewhere',
        mode: 'atomic',
        status: 'running',
      });
      return Number(id);
    };
    const statusOf = async (id: number) => {
      const row = await db.knex('import_runs').where({ id }).first();
      return { status: row.status as string, finished: row.finished_at !== null };
    };

    it('marks a run abandoned once its heartbeat is older than the threshold, when its process cannot be asked', async () => {
      const stale = await insertRun({ startedAt: minutesAgo(60), heartbeatAt: minutesAgo(STALE_AFTER_MS / 60_000 + 1), space: 'another machine', pid: 1 });
      const beating = await insertRun({ startedAt: minutesAgo(60), heartbeatAt: minutesAgo(1), space: 'another machine', pid: 1 });
      // A row from before owners were recorded: judged by its start.
      const legacy = await insertRun({ startedAt: minutesAgo(24 * 60), heartbeatAt: null, space: null, pid: null });
      const recentLegacy = await insertRun({ startedAt: minutesAgo(2), heartbeatAt: null, space: null, pid: null });
      const result = await importBank(db.knex, { dir: TINY_BANK });
      expect(result.status).toBe('committed');
      expect(await statusOf(stale)).toEqual({ status: 'abandoned', finished: true });
      expect(await statusOf(legacy)).toEqual({ status: 'abandoned', finished: true });
      expect(await statusOf(beating)).toEqual({ status: 'running', finished: false });
      expect(await statusOf(recentLegacy)).toEqual({ status: 'running', finished: false });
      expect(result.warnings.filter((w) => w.includes('marked abandoned'))).toEqual([
        expect.stringMatching(new RegExp(`^import run ${stale} was left running \\(no heartbeat since .*\\): marked abandoned$`)),
        expect.stringMatching(new RegExp(`^import run ${legacy} was left running \\(no heartbeat since .*\\): marked abandoned$`)),
      ]);
      const summary = JSON.parse((await db.knex('import_runs').where({ id: stale }).first()).summary);
      expect(summary.abandoned).toMatch(/^no heartbeat since /);
    });

    const heartbeatTitle =
      backend === 'mariadb' ? "renews a running import's heartbeat" : 'beats no heartbeat on SQLite, where the write lock an import holds is its sign of life';
    it(heartbeatTitle, async () => {
      const since = minutesAgo(5);
      const id = await insertRun({ startedAt: since, heartbeatAt: since, space: null, pid: process.pid });
      const stop = keepAlive(db.knex, id, 20);
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        stop();
      }
      const beat = (await db.knex('import_runs').where({ id }).first()).heartbeat_at as string;
      if (backend === 'mariadb') expect(Date.parse(beat)).toBeGreaterThan(Date.now() - 60_000);
      else expect(beat).toBe(since);
    });

    it.runIf(processSpace() !== null)(
      'on this machine, asks the process: a dead one is abandoned at once, a live one never, however old its heartbeat',
      async () => {
        const here = processSpace();
        const dead = await insertRun({ startedAt: minutesAgo(1), heartbeatAt: minutesAgo(0), space: here, pid: deadPid() });
        const alive = await insertRun({ startedAt: minutesAgo(600), heartbeatAt: minutesAgo(600), space: here, pid: process.pid });
        const result = await importBank(db.knex, { dir: TINY_BANK });
        expect(result.status).toBe('committed');
        expect(await statusOf(dead)).toEqual({ status: 'abandoned', finished: true });
        expect(await statusOf(alive)).toEqual({ status: 'running', finished: false });
        expect(result.warnings.filter((w) => w.includes('marked abandoned'))).toEqual([
          expect.stringMatching(
            new RegExp(`^import run ${dead} was left running \\(its process \\d+ has ended without recording an outcome\\): marked abandoned$`),
          ),
        ]);
      },
    );

    it.runIf(processSpace() !== null)(
      'an import killed with SIGKILL is marked abandoned by the next import; while it lives, other imports leave it alone',
      async () => {
        const dir = bankThatHangs();
        const killed = spawn(process.execPath, ['dist/cli/main.js', 'import', dir, '--db', db.url], { stdio: 'ignore' });
        child = killed;
        const exited = new Promise((resolve) => killed.once('exit', resolve));
        const run = await vi.waitFor(
          async () => {
            const row = await db.knex('import_runs').where({ status: 'running' }).first();
            expect(row).toBeDefined();
            return row;
          },
          { timeout: 20_000, interval: 100 },
        );
        expect(Number(run.owner_pid)).toBe(killed.pid);
        if (backend === 'mariadb') {
          // On MariaDB imports run side by side: this one commits and leaves the live one's run as it is.
          // (On SQLite the hung import holds the one write lock, so no other import could start.)
          const beside = await importBank(db.knex, { dir: TINY_BANK });
          expect(beside.status).toBe('committed');
          expect(beside.warnings.filter((w) => w.includes('abandoned'))).toEqual([]);
          expect(await statusOf(run.id)).toEqual({ status: 'running', finished: false });
        }
        killed.kill('SIGKILL');
        await exited;
        child = null;
        const next = await importBank(db.knex, { dir: TINY_BANK });
        expect(next.status).toBe('committed');
        expect(await statusOf(run.id)).toEqual({ status: 'abandoned', finished: true });
        expect(next.warnings).toContain(
          `import run ${run.id} was left running (its process ${killed.pid} has ended without recording an outcome): marked abandoned`,
        );
        // The killed import kept nothing: every row is the tiny bank's, written by the imports of this process.
        for (const table of ['customers', 'products', 'purchases', 'deposits']) {
          expect(await db.knex(table).where({ import_run_id: run.id }), table).toEqual([]);
        }
        expect(await db.knex('customers').count({ n: '*' })).toEqual([{ n: 3 }]);
      },
      60_000,
    );
  });
}
