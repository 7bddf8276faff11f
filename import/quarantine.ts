/** The quarantine file: each rejected row with where and why, so it can be fixed and sent again. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatCsvRow } from '../src/csv/format-csv-row.js';
import type { Violation } from './violations.js';

export class QuarantineFile {
  private readonly out: WriteStream;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.out.write(formatCsvRow(['file', 'line', 'column', 'reason', 'record']));
  }

  /** Writes a rejected row; the original record is kept as one CSV-encoded cell. */
  async reject(v: Violation, record: string[]): Promise<void> {
    if (!this.out.write(formatCsvRow([v.file, String(v.line), v.column, v.reason, formatCsvRow(record).trimEnd()]))) {
      await once(this.out, 'drain');
    }
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}
