/** What the Arrow and CSV sides of the wide-table writer do with rows [from, to) of a checked batch. */
import type { WideTableBatch } from './batch.js';

export interface FormatWriter {
  write(batch: WideTableBatch, from: number, to: number): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
