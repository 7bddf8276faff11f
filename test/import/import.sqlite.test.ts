/** The import contract on the embedded SQLite database. */
import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { importBank } from '../../import/index.js';
import { brokenCases, TINY_BANK } from '../support/fixtures.js';
import { snapshotBank } from '../support/test-database.js';
import { defineImportSuite } from './import-suite.js';
import { defineRunLivenessSuite } from './run-liveness-suite.js';

defineImportSuite('sqlite', () => true);
defineRunLivenessSuite('sqlite', () => true);

describe('import into an in-memory SQLite database (written on the importing thread)', () => {
  it('imports the tiny bank, and rolls back a broken one', async () => {
    const { knex } = openDatabase('sqlite::memory:');
    try {
      await migrateToLatest(knex);
      const ok = await importBank(knex, { dir: TINY_BANK });
      expect(ok.status).toBe('committed');
      expect(Object.values(ok.tables).map((t) => t.changed)).toEqual([3, 3, 4, 4, 1, 2, 2, 1]);
      const before = await snapshotBank(knex);
      const broken = await importBank(knex, { dir: brokenCases().find((c) => c.name === 'unknown-product')!.dir });
      expect(broken.status).toBe('rejected');
      expect(await snapshotBank(knex)).toEqual(before);
    } finally {
      await knex.destroy();
    }
  });
});
