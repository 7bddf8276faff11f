/**
 * SQLite upserts on a worker thread with its own connection, so that reading and checking the CSV
 * (this thread) and writing (the worker) use both cores. Each chunk of rows crosses as one JSON
 * string: structured-cloning arrays of small values cost more than the overlap saved, JSON does not
 * (bench/import-throughput.ts). The transaction lives in the worker.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TableName } from '../src/bank/tables.js';
import { layouts, zeroCounts, type BankWriter, type Row } from './bank-writer.js';
import { ROWS_PER_STATEMENT, sqliteUpsert } from './sqlite-writer.js';

const ROWS_PER_CHUNK = 4096;
/** Chunks sent but not yet written before `write` makes the reader wait: bounds memory. */
const MAX_CHUNKS_QUEUED = 4;

// Plain JavaScript, so that the same worker runs from the TypeScript sources (tests) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename);
db.pragma('busy_timeout = 5000');
const statements = {};
for (const [table, sql] of Object.entries(workerData.sql)) {
  statements[table] = { single: db.prepare(sql.single), multi: db.prepare(sql.multi), width: sql.width };
}
parentPort.on('message', (m) => {
  let reply;
  try {
    let changes = 0;
    if (m.type === 'begin') db.exec('BEGIN IMMEDIATE');
    else if (m.type === 'commit') db.exec('COMMIT');
    else if (m.type === 'rollback') { if (db.inTransaction) db.exec('ROLLBACK'); }
    else {
      const s = statements[m.table];
      const values = JSON.parse(m.json);
      const per = workerData.rowsPerStatement * s.width;
      let at = 0;
      for (; at + per <= values.length; at += per) changes += s.multi.run(values.slice(at, at + per)).changes;
      for (; at < values.length; at += s.width) changes += s.single.run(values.slice(at, at + s.width)).changes;
    }
    reply = { id: m.id, changes };
  } catch (err) {
    reply = { id: m.id, error: String((err && err.message) || err) };
  }
  if (m.type === 'commit' || m.type === 'rollback') db.close();
  parentPort.postMessage(reply);
});
`;

interface Waiter {
  resolve: (changes: number) => void;
  reject: (err: Error) => void;
}

export class SqliteWorkerWriter implements BankWriter {
  readonly changed = zeroCounts();
  private readonly worker: Worker;
  private readonly buffers = new Map<TableName, { values: Array<string | number | null>; rows: number }>();
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 0;
  /** The first write that failed: every later call reports it. */
  private failure: Error | null = null;
  private readonly queue: Array<Promise<void>> = [];
  private closed = false;

  constructor(filename: string) {
    const sql = Object.fromEntries(
      Object.entries(layouts()).map(([table, layout]) => [
        table,
        { single: sqliteUpsert(layout, 1), multi: sqliteUpsert(layout, ROWS_PER_STATEMENT), width: layout.columns.length },
      ]),
    );
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { filename, driver, sql, rowsPerStatement: ROWS_PER_STATEMENT } });
    this.worker.on('message', (m: { id: number; changes: number; error?: string }) => {
      const waiter = this.waiters.get(m.id)!;
      this.waiters.delete(m.id);
      if (m.error) waiter.reject(new Error(`SQLite write failed: ${m.error}`));
      else waiter.resolve(m.changes);
    });
    this.worker.on('error', (err) => {
      for (const w of this.waiters.values()) w.reject(err);
      this.waiters.clear();
    });
  }

  private send(message: Record<string, unknown>): Promise<number> {
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      this.waiters.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  async begin(): Promise<void> {
    await this.send({ type: 'begin' });
  }

  write(table: TableName, row: Row): Promise<void> | void {
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = { values: [], rows: 0 };
      this.buffers.set(table, buffer);
    }
    for (let i = 0; i < row.length; i++) buffer.values.push(row[i]);
    if (++buffer.rows === ROWS_PER_CHUNK) return this.flush(table);
  }

  /** Sends the table's buffer; waits only when MAX_CHUNKS_QUEUED chunks are still unwritten. */
  private async flush(table: TableName): Promise<void> {
    const buffer = this.buffers.get(table)!;
    this.buffers.set(table, { values: [], rows: 0 });
    const written = this.send({ type: 'rows', table, json: JSON.stringify(buffer.values) }).then(
      (changes) => {
        this.changed[table] += changes;
      },
      (err: Error) => {
        this.failure ??= err;
      },
    );
    this.queue.push(written);
    if (this.queue.length > MAX_CHUNKS_QUEUED) await this.queue.shift();
    if (this.failure) throw this.failure;
  }

  async commit(): Promise<void> {
    if (this.closed) throw new Error('the import writer is already closed');
    this.closed = true;
    try {
      for (const [table, buffer] of this.buffers) if (buffer.rows > 0) await this.flush(table);
      await Promise.all(this.queue.splice(0));
      if (this.failure) throw this.failure;
      await this.send({ type: 'commit' });
    } catch (err) {
      await this.send({ type: 'rollback' }).catch(() => {});
      throw err;
    } finally {
      await this.worker.terminate();
    }
  }

  async rollback(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await Promise.all(this.queue.splice(0));
      await this.send({ type: 'rollback' });
    } finally {
      await this.worker.terminate();
    }
  }
}
