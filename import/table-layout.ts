/** Where a bank table's parsed values go in the database: its column list and its key. */
import type { TableSpec } from '../src/bank/tables.js';

export interface TableLayout {
  table: string;
  /** Every stored column, in the order the row arrays use; `import_run_id` is last. */
  columns: string[];
  /** Columns that identify a row across imports (the primary key). */
  keyColumns: string[];
}

export const LINEAGE_COLUMN = 'import_run_id';

export function tableLayout(spec: TableSpec): TableLayout {
  const columns: string[] = [];
  for (const c of spec.columns) {
    columns.push(c.dbColumn);
    if (c.secondDbColumn) columns.push(c.secondDbColumn);
  }
  const id = spec.identity;
  let keyColumns: string[];
  if (id.kind === 'id') keyColumns = [id.column];
  else if (id.kind === 'customer_day') keyColumns = ['customer_id', 'day'];
  else if (id.kind === 'customer_channel') keyColumns = ['customer_id', 'channel'];
  else {
    columns.unshift(id.keyColumn);
    keyColumns = [id.keyColumn];
  }
  columns.push(LINEAGE_COLUMN);
  return { table: spec.name, columns, keyColumns };
}

/** Columns an upsert compares and overwrites: all but the key and the lineage. */
export function valueColumns(layout: TableLayout): string[] {
  return layout.columns.filter((c) => !layout.keyColumns.includes(c) && c !== LINEAGE_COLUMN);
}
