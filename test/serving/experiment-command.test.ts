/** `wealthrec experiment start|list|report|stop` as an analyst runs them, on a SQLite bank (the compiled CLI). */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('sqlite');
});
afterAll(async () => {
  await db?.drop();
});

const wealthrec = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['dist/cli/main.js', 'experiment', ...args, '--db', db.url], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('wealthrec experiment', () => {
  it('starts, lists, reports and stops an experiment, and refuses what it cannot do with exit code 2', () => {
    const start = wealthrec(
      'start',
      'spring-ab',
      '--arms',
      'champion=50,popularity=50',
      '--day',
      '2026-06-01',
      '--models',
      join(dirname(db.url.slice(7)), 'none'),
    );
    expect(start.code).toBe(0);
    expect(start.out).toContain('experiment spring-ab started on 2026-06-01: champion 50, popularity 50');

    const again = wealthrec('start', 'spring-ab-2', '--arms', 'champion=50,expert=50', '--day', '2026-06-01');
    expect(again.code).toBe(2);
    expect(again.err).toContain('experiment "spring-ab" is running: stop it first');
    const badArms = wealthrec('start', 'x', '--arms', 'champion=50');
    expect(badArms.code).toBe(2);
    expect(badArms.err).toContain('--arms: an experiment needs at least two arms');

    expect(wealthrec('list').out).toMatch(/^spring-ab {2}running {2}2026-06-01\.\. {2}champion=50,popularity=50$/m);

    const out = join(dirname(db.url.slice(7)), 'report');
    const report = wealthrec('report', 'spring-ab', '--json', '--today', '2026-06-10', '--out', out);
    expect(report.code).toBe(0);
    const json = JSON.parse(report.out);
    expect(json).toMatchObject({ experiment: 'spring-ab', status: 'running', horizonDays: 7, srmPValue: null });
    expect(json.arms.map((a: { arm: string; customers: number; conversionRate: number | null }) => [a.arm, a.customers, a.conversionRate])).toEqual([
      ['champion', 0, null],
      ['popularity', 0, null],
    ]);
    for (const file of ['experiment.json', 'experiment.md', 'experiment.html']) expect(existsSync(join(out, file))).toBe(true);
    expect(readFileSync(join(out, 'experiment.html'), 'utf8')).toContain('No impressions yet.');

    expect(wealthrec('stop', 'spring-ab', '--day', '2026-06-08').out).toContain('experiment spring-ab stopped on 2026-06-08');
    expect(wealthrec('report', 'nope').err).toContain('no experiment named "nope"');
  });
});
