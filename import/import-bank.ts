/**
 * `wealthrec import DIR`: loads the SCHEMA.md files into the database in one transaction.
 * By default any violation rolls everything back; in quarantine mode bad rows are set aside
 * and the good ones kept. Re-importing the same rows changes nothing (upserts by row identity).
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Knex } from 'knex';
import { TABLES, type TableName, type TableSpec } from '../src/bank/tables.js';
import { todayInBank, type DayNumber } from '../src/domain/dates.js';
import { layouts, type BankWriter, type Row } from './bank-writer.js';
import { openBankWriter } from './open-bank-writer.js';
import { readCsvBatches } from './csv-records.js';
import { FieldProblem, parseCell, type CellValue } from './field-parsers.js';
import { KnownEntities } from './known-entities.js';
import { QuarantineFile } from './quarantine.js';
import { rowChecker, type LatestDay } from './row-rules.js';
import { ViolationLog, type Violation } from './violations.js';
import { finishImportRun, startImportRun } from './import-runs.js';
import { abandonDeadRuns, keepAlive, thisProcess } from './run-liveness.js';
import { UsageError } from '../src/errors.js';

export interface ImportOptions {
  dir: string;
  /** Keep the good rows and write each rejected one here, instead of rejecting the whole import. */
  quarantineFile?: string;
  /** No date in the data may lie after this day. */
  asOfDay?: DayNumber;
  /** The import day, after which no date may lie when no asOfDay is given: today in bank time unless a test sets it. */
  today?: DayNumber;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  table: TableName;
  bytesDone: number;
  bytesTotal: number;
}

export interface TableCounts {
  /** Data rows read from the file (0 when an optional file is absent). */
  read: number;
  /** Rows new or changed in the database. */
  changed: number;
  rejected: number;
  fileMissing: boolean;
}

export interface ImportResult {
  runId: number;
  status: 'committed' | 'rejected';
  mode: 'atomic' | 'quarantine';
  tables: Record<TableName, TableCounts>;
  violations: ViolationLog;
  /** Things worth knowing that are not errors, such as an extra column that was ignored. */
  warnings: string[];
  seconds: number;
}

/** State shared by the files of one import. */
interface ImportContext {
  dir: string;
  known: KnownEntities;
  writer: BankWriter;
  violations: ViolationLog;
  quarantine: QuarantineFile | null;
  latest: LatestDay;
  runId: number;
  warnings: string[];
  /** Set by the first violation in atomic mode: nothing more needs writing, only checking. */
  failed: boolean;
  progress: (table: TableName, fileBytes: number) => void;
}

export async function importBank(knex: Knex, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const dir = resolve(options.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`import directory ${dir} does not exist`);
  }
  const mode = options.quarantineFile ? 'quarantine' : 'atomic';
  const violations = new ViolationLog();
  const tables = Object.fromEntries(TABLES.map((t) => [t.name, { read: 0, changed: 0, rejected: 0, fileMissing: false }])) as Record<TableName, TableCounts>;
  for (const spec of TABLES) {
    if (existsSync(join(dir, spec.file))) continue;
    tables[spec.name].fileMissing = true;
    if (spec.required) violations.add({ file: spec.file, line: 0, column: '-', reason: 'required file is missing' });
  }
  // First, runs left `running` by a process that died are closed: whoever waits for running runs to end (the change feed) would wait forever.
  const warnings: string[] = [];
  for (const dead of await abandonDeadRuns(knex)) warnings.push(`import run ${dead.id} was left running (${dead.reason}): marked abandoned`);
  const runId = await startImportRun(knex, { source: dir, mode, asOfDay: options.asOfDay ?? null, owner: thisProcess() });
  const stopHeartbeat = keepAlive(knex, runId);
  const bytesTotal = TABLES.reduce((sum, t) => sum + (tables[t.name].fileMissing ? 0 : statSync(join(dir, t.file)).size), 0);
  let bytesBefore = 0;
  let writer: BankWriter | null = null;
  let quarantine: QuarantineFile | null = null;
  let status: ImportResult['status'] = 'rejected';
  try {
    const known = await KnownEntities.load(knex);
    writer = await openBankWriter(knex);
    quarantine = options.quarantineFile ? new QuarantineFile(options.quarantineFile) : null;
    const ctx: ImportContext = {
      dir,
      known,
      writer,
      violations,
      runId,
      warnings,
      quarantine,
      latest: options.asOfDay !== undefined ? { day: options.asOfDay, declared: true } : { day: options.today ?? todayInBank(), declared: false },
      failed: violations.total > 0,
      progress: (table, fileBytes) => options.onProgress?.({ table, bytesDone: bytesBefore + fileBytes, bytesTotal }),
    };
    await writer.begin();
    for (const spec of TABLES) {
      if (tables[spec.name].fileMissing) continue;
      const counts = await importFile(spec, ctx);
      Object.assign(tables[spec.name], counts);
      bytesBefore += statSync(join(dir, spec.file)).size;
    }
    // Quarantine keeps good rows, but a file whose structure is broken (a missing column) fails the import.
    if (violations.fileLevel > 0 || (mode === 'atomic' && violations.total > 0)) {
      await writer.rollback();
    } else {
      await writer.commit();
      status = 'committed';
      for (const t of TABLES) tables[t.name].changed = writer.changed[t.name];
    }
  } catch (err) {
    await writer?.rollback().catch(() => {});
    await finishImportRun(knex, runId, { status: 'failed', tables, violations, error: String(err) });
    throw err;
  } finally {
    stopHeartbeat();
    await quarantine?.close();
  }
  await finishImportRun(knex, runId, { status, tables, violations });
  return { runId, status, mode, tables, violations, warnings, seconds: (performance.now() - started) / 1000 };
}

/** Reads, checks and writes one file; returns its counts. */
async function importFile(spec: TableSpec, ctx: ImportContext): Promise<Omit<TableCounts, 'fileMissing' | 'changed'>> {
  const layout = layouts()[spec.name];
  const checker = rowChecker(spec, ctx.known, ctx.latest);
  // A rejected customer or product is remembered with its line, for the rows that refer to it.
  const entity = spec.name === 'customers' ? 'customer' : spec.name === 'products' ? 'product' : null;
  const identity = spec.identity;
  const idIndex = identity.kind === 'id' ? spec.columns.findIndex((c) => c.name === identity.column) : -1;
  let read = 0;
  let rejected = 0;
  let header: Map<number, number> | null = null; // spec column index -> position in the record
  let headerWidth = 0;
  // Reused for every row: the writer copies the values it keeps.
  const cells: CellValue[] = new Array(spec.columns.length);
  const row: Row = new Array(layout.columns.length);

  const reject = async (v: Violation, record: string[]) => {
    ctx.violations.add(v);
    rejected++;
    const at = entity && header ? header.get(idIndex) : undefined;
    if (entity && at !== undefined && record[at]) ctx.known.noteRejected(entity, record[at], `${spec.file}:${v.line}`);
    if (ctx.quarantine) await ctx.quarantine.reject(v, record);
    else ctx.failed = true;
  };

  for await (const batch of readCsvBatches(join(ctx.dir, spec.file))) {
    let start = 0;
    if (!header) {
      const problem = batch.problems.get(0);
      const names = problem ? null : batch.records[0];
      header = names ? readHeader(spec, names, ctx) : null;
      if (!header) {
        if (problem) ctx.violations.add({ file: spec.file, line: 1, column: '-', reason: `unreadable header: ${problem.reason}` });
        return { read: 0, rejected: 0 };
      }
      headerWidth = names!.length;
      start = 1;
    }
    for (let r = start; r < batch.records.length; r++) {
      read++;
      const record = batch.records[r];
      const line = batch.lines[r];
      const problem = batch.problems.get(r);
      if (problem) {
        await reject({ file: spec.file, line, column: columnName(spec, header, problem.fieldIndex), reason: problem.reason }, record);
        continue;
      }
      if (record.length !== headerWidth) {
        const column = record.length < headerWidth ? columnName(spec, header, record.length) : `field ${headerWidth + 1}`;
        await reject({ file: spec.file, line, column, reason: `expected ${headerWidth} fields as in the header, found ${record.length}` }, record);
        continue;
      }
      let cellProblem: Violation | null = null;
      for (let c = 0; c < spec.columns.length; c++) {
        const at = header.get(c);
        try {
          cells[c] = parseCell(at === undefined ? '' : record[at], spec.columns[c]);
        } catch (err) {
          if (!(err instanceof FieldProblem)) throw err;
          // Every bad cell of the row is reported; the row counts once.
          if (cellProblem) ctx.violations.add(cellProblem);
          cellProblem = { file: spec.file, line, column: spec.columns[c].name, reason: err.message };
        }
      }
      if (cellProblem) {
        await reject(cellProblem, record);
        continue;
      }
      const breach = checker.check(cells);
      if (breach) {
        await reject({ file: spec.file, line, ...breach }, record);
        continue;
      }
      const key = checker.accept(cells);
      if (ctx.failed) continue; // the import will be rolled back: check the rest, write nothing more
      const pending = ctx.writer.write(spec.name, fillRow(row, spec, cells, key, ctx.runId));
      if (pending) await pending;
    }
    ctx.progress(spec.name, batch.bytesRead);
  }
  if (!header) ctx.violations.add({ file: spec.file, line: 1, column: '-', reason: 'the file is empty: expected a header line' });
  return { read, rejected };
}

/** Maps declared columns to positions; reports missing required columns, warns of extra ones. */
function readHeader(spec: TableSpec, names: string[], ctx: ImportContext): Map<number, number> | null {
  const positions = new Map<number, number>();
  let ok = true;
  const seen = new Set<string>();
  names.forEach((raw, position) => {
    const name = raw.trim();
    if (seen.has(name)) {
      ctx.violations.add({ file: spec.file, line: 1, column: name, reason: 'column appears twice in the header' });
      ok = false;
    }
    seen.add(name);
    const index = spec.columns.findIndex((c) => c.name === name);
    if (index >= 0) positions.set(index, position);
    else ctx.warnings.push(`${spec.file}: column "${name}" is not part of SCHEMA.md and was ignored`);
  });
  spec.columns.forEach((c, index) => {
    if (c.required && !positions.has(index)) {
      ctx.violations.add({ file: spec.file, line: 1, column: c.name, reason: 'required column is missing from the header' });
      ok = false;
    }
  });
  return ok ? positions : null;
}

/** Name of the column at a record position, for messages. */
function columnName(spec: TableSpec, header: Map<number, number>, position: number): string {
  for (const [index, at] of header) if (at === position) return spec.columns[index].name;
  return `field ${position + 1}`;
}

/** Fills the database row: columns in layout order, a content key first when the table has one, lineage last. */
function fillRow(row: Row, spec: TableSpec, cells: CellValue[], key: string | null, runId: number): Row {
  let i = 0;
  if (spec.identity.kind === 'content') row[i++] = key;
  for (let c = 0; c < spec.columns.length; c++) {
    const v = cells[c];
    if (spec.columns[c].secondDbColumn) {
      const pair = v as [number, number | null];
      row[i++] = pair[0];
      row[i++] = pair[1];
    } else row[i++] = v as string | number | null;
  }
  row[i] = runId;
  return row;
}
