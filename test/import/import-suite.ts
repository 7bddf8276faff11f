/** The import contract, as one suite that every database backend must pass. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/bank/tables.js';
import { parseDay } from '../../src/domain/dates.js';
import { formatViolation, importBank } from '../../import/index.js';
import { brokenCases, TINY_BANK, TINY_BANK_NEXT_DAY } from '../support/fixtures.js';
import { createTestDatabase, snapshotBank, type Backend, type TestDatabase } from '../support/test-database.js';

/** A copy of the tiny bank with some files' text changed. */
function tinyBankWith(edits: Record<string, (text: string) => string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wealthrec-edited-'));
  cpSync(TINY_BANK, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const before = readFileSync(join(dir, file), 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing: expected it to find its text`);
    writeFileSync(join(dir, file), after);
  }
  return dir;
}

/** The rows of a quarantine file after its header, as [file:line:column, reason]. */
function quarantined(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [, file, line, column, reason] = /^([^,]+),(\d+),([^,]+),("(?:[^"]|"")*"|[^,]*),/.exec(l)!;
      return [`${file}:${line}:${column}`, reason.startsWith('"') ? reason.slice(1, -1).replaceAll('""', '"') : reason];
    });
}

export function defineImportSuite(backend: Backend, enabled: () => boolean): void {
  describe.runIf(enabled())(`import into ${backend}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createTestDatabase(backend);
    });
    afterEach(async () => {
      await db.drop();
    });

    it('imports the tiny bank with exact money and dates', async () => {
      const result = await importBank(db.knex, { dir: TINY_BANK });
      expect(result.violations.kept.map(formatViolation)).toEqual([]);
      expect(result.status).toBe('committed');
      expect(result.tables.customers).toMatchObject({ read: 3, changed: 3, rejected: 0 });
      expect(result.tables.purchases).toMatchObject({ read: 4, changed: 4 });
      expect(result.tables.deposits).toMatchObject({ read: 4, changed: 4 });
      expect(result.tables.opt_outs).toMatchObject({ read: 1, changed: 1 });

      const b1 = await db.knex('purchases').where({ purchase_id: 'B1' }).first();
      expect(Number(b1.amount_fen)).toBe(2_000_000);
      expect(b1.purchase_day).toBe(parseDay('2024-06-03'));
      expect(b1.purchase_second).toBe(10 * 3600 + 15 * 60);
      const p02 = await db.knex('products').where({ product_id: 'P02' }).first();
      expect(p02.name).toBe('新客专享·稳盈63天1号, "首发"');
      expect(Number(p02.min_amount_fen)).toBe(100_000);
      const c003 = await db.knex('customers').where({ customer_id: 'C003' }).first();
      expect(c003).toMatchObject({ gender: null, birth_day: null, risk_level: null, city: null });
      // Two identical rows without an id are two purchases, not one.
      const unnamed = await db.knex('purchases').whereNull('purchase_id');
      expect(unnamed).toHaveLength(2);
      expect(new Set(unnamed.map((r) => r.purchase_key)).size).toBe(2);
      const deposit = await db
        .knex('deposits')
        .where({ customer_id: 'C001', day: parseDay('2024-06-03') })
        .first();
      expect([Number(deposit.demand_balance_fen), deposit.time_balance_fen]).toEqual([3_000_000, null]);
      const runs = await db.knex('import_runs').select('status', 'rows_read', 'violations');
      expect(runs).toEqual([{ status: 'committed', rows_read: 20, violations: 0 }]);
    });

    it('changes nothing when the same files are imported twice', async () => {
      await importBank(db.knex, { dir: TINY_BANK });
      const before = await snapshotBank(db.knex);
      const again = await importBank(db.knex, { dir: TINY_BANK });
      expect(again.status).toBe('committed');
      expect(Object.values(again.tables).map((t) => t.changed)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(await snapshotBank(db.knex)).toEqual(before);
    });

    it('appends and updates the next day incrementally, without duplicates', async () => {
      const first = await importBank(db.knex, { dir: TINY_BANK });
      const next = await importBank(db.knex, { dir: TINY_BANK_NEXT_DAY });
      expect(next.violations.kept.map(formatViolation)).toEqual([]);
      expect(next.tables.customers).toMatchObject({ read: 2, changed: 2 }); // C002 changed risk, C004 is new
      expect(next.tables.deposits).toMatchObject({ read: 2, changed: 2 });
      expect(await db.knex('customers').count({ n: '*' })).toEqual([{ n: 4 }]);
      expect(await db.knex('deposits').count({ n: '*' })).toEqual([{ n: 6 }]);
      expect(await db.knex('purchases').count({ n: '*' })).toEqual([{ n: 5 }]);
      const c002 = await db.knex('customers').where({ customer_id: 'C002' }).first();
      expect(c002.risk_level).toBe(2);
      expect(c002.import_run_id).toBe(next.runId);
      // C001 was not in the increment's customers.csv and keeps the first run's lineage.
      expect((await db.knex('customers').where({ customer_id: 'C001' }).first()).import_run_id).toBe(first.runId);
      const again = await importBank(db.knex, { dir: TINY_BANK_NEXT_DAY });
      expect(Object.values(again.tables).reduce((s, t) => s + t.changed, 0)).toBe(0);
    });

    describe('rejects broken files with file:line:column and keeps nothing', () => {
      for (const broken of brokenCases()) {
        it(broken.name, async () => {
          await importBank(db.knex, { dir: TINY_BANK });
          const before = await snapshotBank(db.knex);
          const result = await importBank(db.knex, { dir: broken.dir, ...(broken.today ? { today: parseDay(broken.today)! } : {}) });
          expect(result.status).toBe('rejected');
          const found = result.violations.kept.find((v) => formatViolation(v).startsWith(`${broken.expect}: `));
          expect(found, `expected ${broken.expect}, got ${result.violations.kept.map(formatViolation).join(' | ')}`).toBeDefined();
          expect(found!.reason).toContain(broken.reason);
          expect(await snapshotBank(db.knex)).toEqual(before);
          const run = await db.knex('import_runs').where({ id: result.runId }).first();
          expect(run.status).toBe('rejected');
        });
      }
    });

    it('quarantine mode keeps the good rows and writes each bad one with its reason', async () => {
      const dir = brokenCases().find((c) => c.name === 'unknown-customer')!.dir;
      const quarantineFile = join(mkdtempSync(join(tmpdir(), 'wealthrec-q-')), 'rejected.csv');
      const result = await importBank(db.knex, { dir, quarantineFile });
      expect(result.status).toBe('committed');
      expect(result.tables.purchases).toMatchObject({ read: 4, changed: 3, rejected: 1 });
      expect(await db.knex('purchases').where({ purchase_id: 'B1' })).toEqual([]);
      expect(await db.knex('purchases').count({ n: '*' })).toEqual([{ n: 3 }]);
      const lines = readFileSync(quarantineFile, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('file,line,column,reason,record');
      expect(lines.slice(1)).toEqual([
        'purchases.csv,2,customer_id,"unknown customer ""C999"": not in customers.csv nor in the database","B1,C999,P01,2024-06-03 10:15:00,20000.00,wechat"',
      ]);
    });

    it('quarantine mode sets aside the rows that refer to a rejected customer', async () => {
      const dir = brokenCases().find((c) => c.name === 'empty-required-cell')!.dir; // C001 lacks open_date
      const quarantineFile = join(mkdtempSync(join(tmpdir(), 'wealthrec-q-')), 'rejected.csv');
      const result = await importBank(db.knex, { dir, quarantineFile });
      expect(result.status).toBe('committed');
      expect(await db.knex('customers').where({ customer_id: 'C001' })).toEqual([]);
      for (const table of ['purchases', 'deposits', 'loans', 'salaries', 'contacts']) {
        expect(await db.knex(table).where({ customer_id: 'C001' }), table).toEqual([]);
      }
      // customers 1 + purchases 1 + deposits 2 + loans 1 + salaries 1 + contacts 1
      expect(readFileSync(quarantineFile, 'utf8').trim().split('\n')).toHaveLength(1 + 7);
      // Each dependent row names the rejected row, not a customer that never existed.
      const rejectedAt = 'customer "C001" was rejected at customers.csv:2';
      expect(quarantined(quarantineFile)).toEqual([
        ['customers.csv:2:open_date', 'required value is empty'],
        ['purchases.csv:2:customer_id', rejectedAt],
        ['deposits.csv:2:customer_id', rejectedAt],
        ['deposits.csv:3:customer_id', rejectedAt],
        ['loans.csv:2:customer_id', rejectedAt],
        ['salaries.csv:2:customer_id', rejectedAt],
        ['contacts.csv:2:customer_id', rejectedAt],
      ]);
    });

    it('names the rejected customer or product row in the violations of the rows that refer to it', async () => {
      const dir = tinyBankWith({
        'customers.csv': (t) => t.replace('C001,F,1980-05-01,2020-01-10,3,', 'C001,F,1980-05-01,2020-01-10,9,'),
        'products.csv': (t) => t.replace('""首发""",fixed_income,1,', '""首发""",fixed_income,0,'),
      });
      const result = await importBank(db.knex, { dir });
      expect(result.status).toBe('rejected');
      const customer = 'customer "C001" was rejected at customers.csv:2';
      const product = 'product "P02" was rejected at products.csv:3';
      expect(result.violations.kept.map(formatViolation)).toEqual([
        'customers.csv:2:risk_level: expected a risk level 1..5, got "9"',
        'products.csv:3:risk_level: expected a risk level 1..5, got "0"',
        `purchases.csv:2:customer_id: ${customer}`,
        `purchases.csv:3:product_id: ${product}`,
        `deposits.csv:2:customer_id: ${customer}`,
        `deposits.csv:3:customer_id: ${customer}`,
        `loans.csv:2:customer_id: ${customer}`,
        `salaries.csv:2:customer_id: ${customer}`,
        `contacts.csv:2:customer_id: ${customer}`,
      ]);
      expect(await db.knex('customers').count({ n: '*' })).toEqual([{ n: 0 }]);
    });

    it('keeps values as long as their columns allow, counting characters as the database does', async () => {
      // 64 emoji are 128 UTF-16 units and 256 bytes, yet 64 characters for MariaDB's utf8mb4 and SQLite's length().
      const city = '😀'.repeat(64);
      const name = '稳'.repeat(255);
      const dir = tinyBankWith({
        'customers.csv': (t) => t.replace('C003,,,2024-05-20,,', `C003,,,2024-05-20,,${city}`),
        'products.csv': (t) => t.replace('P03,天天盈,', `P03,${name},`),
      });
      const result = await importBank(db.knex, { dir });
      expect(result.violations.kept.map(formatViolation)).toEqual([]);
      expect(result.status).toBe('committed');
      const lengthOf = backend === 'sqlite' ? 'length' : 'char_length';
      const c003 = await db
        .knex('customers')
        .select('city', db.knex.raw(`${lengthOf}(city) as n`))
        .where({ customer_id: 'C003' })
        .first();
      expect([c003.city, Number(c003.n)]).toEqual([city, 64]);
      const p03 = await db
        .knex('products')
        .select('name', db.knex.raw(`${lengthOf}(name) as n`))
        .where({ product_id: 'P03' })
        .first();
      expect([p03.name, Number(p03.n)]).toEqual([name, 255]);
    });

    it('refuses a value one character longer than its column holds: a violation, nothing kept, no database error', async () => {
      await importBank(db.knex, { dir: TINY_BANK });
      const before = await snapshotBank(db.knex);
      const dir = tinyBankWith({ 'customers.csv': (t) => t.replace('C003,,,2024-05-20,,', `C003,,,2024-05-20,,${'😀'.repeat(65)}`) });
      const result = await importBank(db.knex, { dir });
      expect(result.status).toBe('rejected');
      expect(result.violations.kept.map(formatViolation)).toEqual(['customers.csv:4:city: longer than 64 characters (it has 65)']);
      expect(await snapshotBank(db.knex)).toEqual(before);
    });

    it('wealthrec import exits 1 on a value too long for its column, naming it, without a stack trace', async () => {
      const dir = brokenCases().find((c) => c.name === 'too-long-city')!.dir;
      const run = spawnSync(process.execPath, ['dist/cli/main.js', 'import', dir, '--db', db.url], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stdout).toContain('  customers.csv:3:city: longer than 64 characters (it has 65)\n');
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
      expect(await db.knex('customers').count({ n: '*' })).toEqual([{ n: 0 }]);
    });

    it('quarantine mode sets aside a value too long for its column, and the rows of its customer', async () => {
      const dir = brokenCases().find((c) => c.name === 'too-long-city')!.dir; // C002's city has 65 characters
      const quarantineFile = join(mkdtempSync(join(tmpdir(), 'wealthrec-q-')), 'rejected.csv');
      const result = await importBank(db.knex, { dir, quarantineFile });
      expect(result.status).toBe('committed');
      expect((await db.knex('customers').select('customer_id').orderBy('customer_id')).map((r) => r.customer_id)).toEqual(['C001', 'C003']);
      const rejectedAt = 'customer "C002" was rejected at customers.csv:3';
      expect(quarantined(quarantineFile)).toEqual([
        ['customers.csv:3:city', 'longer than 64 characters (it has 65)'],
        ['purchases.csv:3:customer_id', rejectedAt],
        ['deposits.csv:4:customer_id', rejectedAt],
        ['salaries.csv:3:customer_id', rejectedAt],
        ['contacts.csv:3:customer_id', rejectedAt],
      ]);
    });

    it('sizes every string column of the bank tables from the declaration the import checks against', async () => {
      for (const spec of TABLES) {
        const info = await db.knex(spec.name).columnInfo();
        for (const column of spec.columns.filter((c) => c.maxLength !== undefined)) {
          expect(Number(info[column.dbColumn].maxLength), `${spec.name}.${column.dbColumn}`).toBe(column.maxLength);
        }
        // Every column stored as a string declares its limit: none is left to the engine.
        for (const column of spec.columns.filter((c) => c.type === 'id' || c.type === 'text' || c.type === 'gender')) {
          expect(column.maxLength, `${spec.name}.${column.name}`).toBeGreaterThan(0);
        }
      }
    });

    it('quarantine mode still rejects a file whose header lacks a required column', async () => {
      const dir = brokenCases().find((c) => c.name === 'missing-required-column')!.dir;
      const quarantineFile = join(mkdtempSync(join(tmpdir(), 'wealthrec-q-')), 'rejected.csv');
      const result = await importBank(db.knex, { dir, quarantineFile });
      expect(result.status).toBe('rejected');
      expect(await db.knex('customers').count({ n: '*' })).toEqual([{ n: 0 }]);
    });

    it('fails cleanly when the database refuses a write mid-import: nothing kept, the run marked failed', async () => {
      await importBank(db.knex, { dir: TINY_BANK });
      const before = await snapshotBank(db.knex);
      // A trigger stands in for a full disk or a lost connection on one particular row.
      await db.knex.raw(
        backend === 'sqlite'
          ? `CREATE TRIGGER refuse BEFORE INSERT ON deposits WHEN NEW.demand_balance_fen = 777 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`
          : `CREATE TRIGGER refuse BEFORE INSERT ON deposits FOR EACH ROW IF NEW.demand_balance_fen = 777 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'disk on fire'; END IF`,
      );
      const dir = mkdtempSync(join(tmpdir(), 'wealthrec-refused-'));
      cpSync(TINY_BANK, dir, { recursive: true });
      writeFileSync(
        join(dir, 'customers.csv'),
        readFileSync(join(TINY_BANK, 'customers.csv'), 'utf8').replace('C002,M,1990-07-15,2024-03-01,1,', 'C002,M,1990-07-15,2024-03-01,2,'),
      );
      writeFileSync(join(dir, 'deposits.csv'), 'customer_id,date,demand_balance,time_balance\nC001,2024-06-09,7.77,\n');
      await expect(importBank(db.knex, { dir })).rejects.toThrow(/disk on fire/);
      expect(await snapshotBank(db.knex)).toEqual(before);
      const last = await db.knex('import_runs').orderBy('id', 'desc').first();
      expect(last.status).toBe('failed');
    });

    it('rejects dates after the declared as-of date', async () => {
      const result = await importBank(db.knex, { dir: TINY_BANK, asOfDay: parseDay('2024-06-06')! });
      expect(result.status).toBe('rejected');
      expect(result.violations.kept.map(formatViolation)).toEqual([
        `purchases.csv:4:purchase_date: date 2024-06-07 lies after the declared as-of date 2024-06-06`,
        `purchases.csv:5:purchase_date: date 2024-06-07 lies after the declared as-of date 2024-06-06`,
      ]);
    });

    it('rejects dates after the import day (today in bank time) when no as-of date is declared', async () => {
      const result = await importBank(db.knex, { dir: TINY_BANK, today: parseDay('2024-06-06')! });
      expect(result.status).toBe('rejected');
      expect(result.violations.kept.map(formatViolation)).toEqual([
        'purchases.csv:4:purchase_date: date 2024-06-07 lies after the import day 2024-06-06 (today in bank time; no as-of date was declared)',
        'purchases.csv:5:purchase_date: date 2024-06-07 lies after the import day 2024-06-06 (today in bank time; no as-of date was declared)',
      ]);
      expect(await db.knex('customers').count({ n: '*' })).toEqual([{ n: 0 }]);
      // The data's last day may be the import day itself; a declared as-of date is the one that counts.
      expect((await importBank(db.knex, { dir: TINY_BANK, today: parseDay('2024-06-07')! })).status).toBe('committed');
      expect((await importBank(db.knex, { dir: TINY_BANK, today: parseDay('2024-06-01')!, asOfDay: parseDay('2024-06-30')! })).status).toBe('committed');
    });

    it('accepts a product sale window planned after the import day', async () => {
      const dir = tinyBankWith({ 'products.csv': (t) => t.replace('2024-06-01,2024-06-30', '2024-06-01,2024-12-31') });
      const result = await importBank(db.knex, { dir, today: parseDay('2024-06-07')! });
      expect(result.violations.kept.map(formatViolation)).toEqual([]);
      expect(result.status).toBe('committed');
    });

    it('reports every violation of a large broken file and counts them by kind', async () => {
      const dir = brokenCases().find((c) => c.name === 'bad-date')!.dir;
      const result = await importBank(db.knex, { dir });
      expect(result.violations.byKind()).toEqual([{ kind: 'purchases.csv:purchase_date: expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, got …', count: 1 }]);
    });
  });
}
