/**
 * Generated banks (the demo's, the tests') end on a fixed past day and date no row after it, so the
 * import's "no date after today" rule never refuses them; a day earlier, it does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatViolation, importBank } from '../../import/index.js';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { parseDay, todayInBank } from '../../src/domain/dates.js';
import { DEFAULT_END_DATE, generateBank } from '../../synthetic/index.js';

const dir = mkdtempSync(join(tmpdir(), 'wealthrec-generated-dates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a generated bank and the import day', () => {
  it('imports on its end day, and is refused the day before', async () => {
    // The real clock on purpose: the demo imports its bank without --as-of, on the real import day.
    expect(parseDay(DEFAULT_END_DATE)!).toBeLessThanOrEqual(todayInBank());
    await generateBank({ customers: 200, days: 60, seed: 3, outDir: dir });
    const end = parseDay(DEFAULT_END_DATE)!;
    const { knex } = openDatabase('sqlite::memory:');
    try {
      await migrateToLatest(knex);
      const early = await importBank(knex, { dir, today: end - 1 });
      expect(early.status).toBe('rejected');
      expect(early.violations.kept.length).toBeGreaterThan(0);
      for (const v of early.violations.kept) expect(formatViolation(v)).toMatch(/: date 2026-06-30 lies after the import day 2026-06-29 /);
      const onTheDay = await importBank(knex, { dir, today: end });
      expect(onTheDay.violations.kept.map(formatViolation)).toEqual([]);
      expect(onTheDay.status).toBe('committed');
    } finally {
      await knex.destroy();
    }
  });
});
