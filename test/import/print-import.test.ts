/** The summary `wealthrec import` prints: counts per table, the first violations, then counts by kind, worded as the reasons are. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBank } from '../../import/index.js';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { printImport } from '../../workflows/print-import.js';
import { TINY_BANK } from '../support/fixtures.js';

describe('the printed import summary', () => {
  it('counts many invalid UTF-8 cells by kind as "invalid UTF-8", and many dates by kind without their values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wealthrec-summary-'));
    cpSync(TINY_BANK, dir, { recursive: true });
    const tiny = readFileSync(join(TINY_BANK, 'customers.csv'));
    // After the tiny bank's own customers, 25 whose city is Latin-1 (0xE9), not UTF-8; 3 more whose open date does not exist.
    const bad = Array.from({ length: 25 }, (_, i) =>
      Buffer.concat([Buffer.from(`C1${String(i).padStart(2, '0')},F,,2024-01-01,1,Qu`), Buffer.from([0xe9, 0x0a])]),
    );
    const badDates = Array.from({ length: 3 }, (_, i) => Buffer.from(`C2${i},M,,2024-02-3${i},1,\n`));
    writeFileSync(join(dir, 'customers.csv'), Buffer.concat([tiny, ...bad, ...badDates]));
    const { knex } = openDatabase('sqlite::memory:');
    try {
      await migrateToLatest(knex);
      const result = await importBank(knex, { dir });
      const lines: string[] = [];
      printImport(result, (line) => lines.push(line));
      expect(lines).toContain('28 violation(s):');
      expect(lines).toContain('  customers.csv:5:city: invalid UTF-8 (the file must be UTF-8 encoded)');
      expect(lines).toContain('  … and 8 more; by kind:');
      expect(lines).toContain(`  ${'25'.padStart(9)}  customers.csv:city: invalid UTF-8 (the file must be UTF-8 encoded)`);
      expect(lines).toContain(`  ${'3'.padStart(9)}  customers.csv:open_date: expected a date YYYY-MM-DD, got …`);
      expect(lines.filter((l) => l.includes('UTF-#'))).toEqual([]);
      // The kinds stored with the run are worded the same.
      const run = await knex('import_runs').where({ id: result.runId }).first();
      expect(JSON.parse(run.summary).violationKinds[0]).toEqual({ kind: 'customers.csv:city: invalid UTF-8 (the file must be UTF-8 encoded)', count: 25 });
    } finally {
      await knex.destroy();
    }
  });
});
