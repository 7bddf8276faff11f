/** Buffered CSV output: rows are appended to a string and written in ~1 MB chunks, so memory stays flat at any scale. */

import { open, type FileHandle } from 'node:fs/promises';
import { formatCsvRow } from '../src/csv/format-csv-row.js';

/** Chunk size in UTF-16 code units; Chinese names make the byte count a little larger. */
const CHUNK = 1 << 20;

/** A CSV file being written; rows are counted so the summary needs no second pass. */
export class CsvFile {
  private buffer = '';
  rows = 0;

  private constructor(private readonly handle: FileHandle) {}

  /** Creates (or truncates) the file and writes its header. */
  static async create(path: string, header: readonly string[]): Promise<CsvFile> {
    const file = new CsvFile(await open(path, 'w'));
    file.buffer = formatCsvRow(header);
    return file;
  }

  /** Appends one row; `line` is a complete CSV line ending in a line feed. */
  push(line: string): void {
    this.buffer += line;
    this.rows++;
  }

  /** True when enough has accumulated to be worth a write. */
  get full(): boolean {
    return this.buffer.length >= CHUNK;
  }

  /** Writes what is buffered; awaiting the write is the back-pressure. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    await this.handle.write(chunk, null, 'utf8');
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }
}
