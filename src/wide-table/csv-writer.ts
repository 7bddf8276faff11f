/** The CSV side of the wide-table writer, for a person to read: the Arrow columns, RFC 4180, dates as YYYY-MM-DD. */
import { formatCsvRow } from '../csv/format-csv-row.js';
import { formatDay } from '../domain/dates.js';
import { FEATURES } from './feature-set.js';
import { formatCsvNumber } from './csv-number.js';
import { openPartialFile } from '../files/partial-file.js';
import type { WideTableBatch } from './batch.js';
import type { FormatWriter } from './format-writer.js';

/** Rows joined into one string per write: big enough for few syscalls, small enough to keep strings short. */
const ROWS_PER_CHUNK = 4_096;

export async function openCsvFormat(path: string, header: readonly string[]): Promise<FormatWriter> {
  const file = await openPartialFile(path);
  try {
    await file.write([formatCsvRow(header)]);
  } catch (err) {
    await file.discard();
    throw err;
  }
  return {
    async write(batch: WideTableBatch, from: number, to: number) {
      for (let start = from; start < to; start += ROWS_PER_CHUNK) {
        let text = '';
        for (let row = start; row < Math.min(to, start + ROWS_PER_CHUNK); row++) text += formatCsvRow(cells(batch, row));
        await file.write([text]);
      }
    },
    close: () => file.commit(),
    abort: () => file.discard(),
  };
}

/** One row's cells in column order; features interleave numbers and categories as FEATURES declares them. */
function cells(batch: WideTableBatch, row: number): Array<string | null> {
  const out: Array<string | null> = [batch.customerIds[row], batch.productIds[row], formatDay(batch.asOf[row])];
  if (batch.labels) out.push(formatCsvNumber(batch.labels[row]));
  let number = 0;
  let category = 0;
  for (const f of FEATURES) out.push(f.kind === 'number' ? formatCsvNumber(batch.numbers[number++][row]) : batch.categories[category++][row]);
  return out;
}
