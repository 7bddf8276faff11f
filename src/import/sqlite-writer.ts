/** SQLite upserts through better-sqlite3 prepared statements: synchronous, one transaction per import. */
import type { Database, Statement } from 'better-sqlite3';
import type { TableName } from '../bank/tables.js';
import { layouts, zeroCounts, type BankWriter, type Row } from './bank-writer.js';
import { LINEAGE_COLUMN, valueColumns, type TableLayout } from './table-layout.js';

/** An upsert that leaves a row untouched (lineage included) when its values are the same. */
export function sqliteUpsert(layout: TableLayout): string {
  const values = valueColumns(layout);
  const set = [...values, LINEAGE_COLUMN].map((c) => `${c} = excluded.${c}`).join(', ');
  const differs = values.map((c) => `${layout.table}.${c} IS NOT excluded.${c}`).join(' OR ');
  return (
    `INSERT INTO ${layout.table} (${layout.columns.join(', ')}) VALUES (${layout.columns.map(() => '?').join(', ')}) ` +
    `ON CONFLICT (${layout.keyColumns.join(', ')}) DO UPDATE SET ${set} WHERE ${differs}`
  );
}

export class SqliteBankWriter implements BankWriter {
  readonly changed = zeroCounts();
  private readonly statements = new Map<TableName, Statement>();

  constructor(
    private readonly db: Database,
    private readonly release: () => void,
  ) {
    for (const [table, layout] of Object.entries(layouts())) {
      this.statements.set(table as TableName, db.prepare(sqliteUpsert(layout)));
    }
  }

  async begin(): Promise<void> {
    this.db.exec('BEGIN IMMEDIATE');
  }

  write(table: TableName, row: Row): void {
    this.changed[table] += this.statements.get(table)!.run(row).changes;
  }

  async commit(): Promise<void> {
    try {
      this.db.exec('COMMIT');
    } finally {
      this.release();
    }
  }

  async rollback(): Promise<void> {
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.release();
    }
  }
}
