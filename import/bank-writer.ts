/** What writes validated rows into the bank tables inside one transaction (the import's only database writes), and the layout every writer shares. */
import { TABLES, type TableName } from '../src/bank/tables.js';
import { tableLayout, type TableLayout } from './table-layout.js';

export type Row = Array<string | number | null>;

export interface BankWriter {
  /** Starts the one transaction the whole import runs in. */
  begin(): Promise<void>;
  /** Upserts one row (values in the table layout's column order; the array is the caller's to reuse); a returned promise is back-pressure. */
  write(table: TableName, row: Row): Promise<void> | void;
  /** Rows per table that were new or whose values changed; re-imported identical rows do not count. */
  readonly changed: Record<TableName, number>;
  /** Ends the transaction; after commit or rollback (even a failed one) the writer is closed. */
  commit(): Promise<void>;
  /** Undoes everything written; does nothing once the writer is closed. */
  rollback(): Promise<void>;
}

export function layouts(): Record<TableName, TableLayout> {
  return Object.fromEntries(TABLES.map((t) => [t.name, tableLayout(t)])) as Record<TableName, TableLayout>;
}

export function zeroCounts(): Record<TableName, number> {
  return Object.fromEntries(TABLES.map((t) => [t.name, 0])) as Record<TableName, number>;
}
