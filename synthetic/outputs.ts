/** The files one generation writes: the bank's eight tables and the two oracle files, opened and closed together. */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TABLES, csvHeader, type TableName } from '../src/bank/tables.js';
import { CsvFile } from './csv-writer.js';
import { BOUND_COLUMNS, CHOICE_COLUMNS, DEMAND_COLUMNS, ORACLE_FOLDER } from './oracle.js';
import { ROW_COLUMNS } from './rows.js';

export interface Outputs {
  tables: Record<TableName, CsvFile>;
  demandOracle: CsvFile;
  choiceOracle: CsvFile;
}

/** Fails loudly if tables.ts and the row writers ever disagree on column order. */
function checkColumnOrder(): void {
  for (const t of TABLES) {
    const expected = csvHeader(t.name).join(',');
    const written = ROW_COLUMNS[t.name].join(',');
    if (expected !== written) throw new Error(`synthetic ${t.file} writes columns [${written}] but the schema declares [${expected}]`);
  }
}

/** `withBounds`: the choice oracle gets the BOUND_COLUMNS too. */
export async function openOutputs(outDir: string, withBounds: boolean): Promise<Outputs> {
  checkColumnOrder();
  await mkdir(join(outDir, ORACLE_FOLDER), { recursive: true });
  const tables = {} as Record<TableName, CsvFile>;
  for (const t of TABLES) tables[t.name] = await CsvFile.create(join(outDir, t.file), csvHeader(t.name));
  return {
    tables,
    demandOracle: await CsvFile.create(join(outDir, ORACLE_FOLDER, 'demand.csv'), DEMAND_COLUMNS),
    choiceOracle: await CsvFile.create(join(outDir, ORACLE_FOLDER, 'choice.csv'), withBounds ? [...CHOICE_COLUMNS, ...BOUND_COLUMNS] : CHOICE_COLUMNS),
  };
}

function allFiles(o: Outputs): CsvFile[] {
  return [...Object.values(o.tables), o.demandOracle, o.choiceOracle];
}

/** Writes the buffers that reached a chunk; called between customers. */
export async function flushFull(o: Outputs): Promise<void> {
  for (const f of allFiles(o)) if (f.full) await f.flush();
}

export async function closeOutputs(o: Outputs): Promise<void> {
  for (const f of allFiles(o)) await f.close();
}
