/** MySQL/MariaDB upserts as multi-row statements on one connection, one statement in flight while parsing goes on. */
import type { TableName } from '../src/bank/tables.js';
import { layouts, zeroCounts, type BankWriter, type Row } from './bank-writer.js';
import { LINEAGE_COLUMN, valueColumns, type TableLayout } from './table-layout.js';

/** The part of a mysql2 callback connection the writer uses. */
interface MysqlConnection {
  query(sql: string, values: unknown, callback: (err: Error | null, result: { affectedRows: number; info: string }) => void): void;
}

const ROWS_PER_STATEMENT = 2000;

/**
 * `VALUES ?` takes the rows as nested arrays. Lineage is assigned first because MySQL evaluates the
 * assignments left to right: it must compare against the old values.
 */
export function mysqlUpsert(layout: TableLayout): string {
  const values = valueColumns(layout);
  const same = values.map((c) => `${c} <=> VALUES(${c})`).join(' AND ');
  const set = [`${LINEAGE_COLUMN} = IF(${same}, ${LINEAGE_COLUMN}, VALUES(${LINEAGE_COLUMN}))`, ...values.map((c) => `${c} = VALUES(${c})`)];
  return `INSERT INTO ${layout.table} (${layout.columns.join(', ')}) VALUES ? ON DUPLICATE KEY UPDATE ${set.join(', ')}`;
}

export class MysqlBankWriter implements BankWriter {
  readonly changed = zeroCounts();
  private readonly sql = new Map<TableName, string>();
  private readonly buffers = new Map<TableName, Row[]>();
  private inFlight: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly connection: MysqlConnection,
    private readonly release: () => void,
  ) {
    for (const [table, layout] of Object.entries(layouts())) this.sql.set(table as TableName, mysqlUpsert(layout));
  }

  private query(sql: string, values?: unknown): Promise<{ affectedRows: number; info: string }> {
    return new Promise((resolve, reject) => this.connection.query(sql, values, (err, result) => (err ? reject(err) : resolve(result))));
  }

  async begin(): Promise<void> {
    await this.query('START TRANSACTION');
  }

  write(table: TableName, row: Row): Promise<void> | void {
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = [];
      this.buffers.set(table, buffer);
    }
    buffer.push(row.slice()); // the caller reuses its array
    if (buffer.length >= ROWS_PER_STATEMENT) return this.send(table);
  }

  /** Waits for the statement in flight, then sends this table's buffer without waiting for it. */
  private async send(table: TableName): Promise<void> {
    const rows = this.buffers.get(table)!;
    this.buffers.set(table, []);
    await this.inFlight;
    this.inFlight = this.query(this.sql.get(table)!, [rows]).then((result) => {
      this.changed[table] += changedRows(result);
    });
    // A failure surfaces at the next write or at commit; keep it from being reported as unhandled meanwhile.
    this.inFlight.catch(() => {});
  }

  async commit(): Promise<void> {
    if (this.closed) throw new Error('the import writer is already closed');
    this.closed = true;
    try {
      for (const [table, rows] of this.buffers) if (rows.length > 0) await this.send(table);
      await this.inFlight;
      await this.query('COMMIT');
    } catch (err) {
      await this.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      this.release();
    }
  }

  async rollback(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.inFlight.catch(() => {});
      await this.query('ROLLBACK');
    } finally {
      this.release();
    }
  }
}

/**
 * Rows inserted or changed by one multi-row upsert. With FOUND_ROWS off (see connect.ts) MySQL counts
 * 1 per insert, 2 per changed row and 0 per unchanged one, and `info` reports the changed rows as
 * "Duplicates" (measured on MariaDB 10.11: unchanged rows are not counted there).
 */
export function changedRows(result: { affectedRows: number; info: string }): number {
  const changedExisting = Number(/Duplicates:\s*(\d+)/.exec(result.info ?? '')?.[1] ?? 0);
  return result.affectedRows - changedExisting;
}
