/**
 * SQLite upserts through better-sqlite3 prepared statements on this thread, one transaction per
 * import: for in-memory databases, which the worker of sqlite-worker-writer.ts cannot share. Rows
 * are buffered and sent ROWS_PER_STATEMENT at a time: one multi-row statement costs far less per
 * row than one call per row.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { TableName } from '../src/bank/tables.js';
import { layouts, zeroCounts, type BankWriter, type Row } from './bank-writer.js';
import { LINEAGE_COLUMN, valueColumns, type TableLayout } from './table-layout.js';

export const ROWS_PER_STATEMENT = 64;

/** An upsert of `rows` rows that leaves a row untouched (lineage included) when its values are the same. */
export function sqliteUpsert(layout: TableLayout, rows = 1): string {
  const values = valueColumns(layout);
  const set = [...values, LINEAGE_COLUMN].map((c) => `${c} = excluded.${c}`).join(', ');
  const differs = values.map((c) => `${layout.table}.${c} IS NOT excluded.${c}`).join(' OR ');
  const tuple = `(${layout.columns.map(() => '?').join(', ')})`;
  return (
    `INSERT INTO ${layout.table} (${layout.columns.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')} ` +
    `ON CONFLICT (${layout.keyColumns.join(', ')}) DO UPDATE SET ${set} WHERE ${differs}`
  );
}

interface TableBuffer {
  single: Statement;
  multi: Statement;
  /** Flattened values of the buffered rows. */
  values: Array<string | number | null>;
  rows: number;
}

export class SqliteBankWriter implements BankWriter {
  readonly changed = zeroCounts();
  private readonly buffers = new Map<TableName, TableBuffer>();
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly release: () => void,
  ) {
    for (const [table, layout] of Object.entries(layouts())) {
      this.buffers.set(table as TableName, {
        single: db.prepare(sqliteUpsert(layout, 1)),
        multi: db.prepare(sqliteUpsert(layout, ROWS_PER_STATEMENT)),
        values: [],
        rows: 0,
      });
    }
  }

  async begin(): Promise<void> {
    this.db.exec('BEGIN IMMEDIATE');
  }

  write(table: TableName, row: Row): void {
    const buffer = this.buffers.get(table)!;
    for (let i = 0; i < row.length; i++) buffer.values.push(row[i]);
    if (++buffer.rows === ROWS_PER_STATEMENT) {
      this.changed[table] += buffer.multi.run(buffer.values).changes;
      buffer.values = [];
      buffer.rows = 0;
    }
  }

  async commit(): Promise<void> {
    if (this.closed) throw new Error('the import writer is already closed');
    this.closed = true;
    try {
      for (const [table, buffer] of this.buffers) {
        const width = buffer.values.length / Math.max(buffer.rows, 1);
        for (let r = 0; r < buffer.rows; r++) this.changed[table] += buffer.single.run(buffer.values.slice(r * width, (r + 1) * width)).changes;
      }
      this.db.exec('COMMIT');
    } finally {
      this.release();
    }
  }

  async rollback(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.release();
    }
  }
}
