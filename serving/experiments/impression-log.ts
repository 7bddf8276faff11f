/**
 * The impression log: every list served is queued in memory on the hot path (a push, nothing more)
 * and written to the bank database in batches off it. The queue is bounded (the batch being written
 * is out of it, so memory holds at most capacity + one batch): when the database is
 * slower than the traffic, or down, entries beyond the bound are dropped and counted, never silently
 * and never by holding requests. A batch the database refuses is counted as dropped too (retrying it
 * would only make the queue overflow later).
 */
import type { Knex } from 'knex';
import { log } from '../../src/log.js';
import { insertImpressions, type ImpressionRow } from './insert-impressions.js';
import type { DayNumber } from '../../src/domain/dates.js';

export interface Impression {
  /** Milliseconds since the epoch, when the list was served. */
  servedAtMs: number;
  servedDay: DayNumber;
  customerId: string;
  experiment: string | null;
  arm: string | null;
  modelVersion: string;
  items: ReadonlyArray<{ productId: string; rank: number; score: number }>;
}

export type DropReason = 'queue_full' | 'write_failed';

export interface ImpressionLogOptions {
  /** Entries held at most; beyond, new ones are dropped (default 50,000: a few seconds of peak traffic). */
  capacity?: number;
  /** Rows per INSERT (default 200: SQLite's compound SELECT, which knex inserts many rows with, allows 500 terms). */
  batchSize?: number;
  /** How often the queue is written when it is not full enough for a batch (default 250 ms). */
  flushMs?: number;
  onWritten?: (rows: number) => void;
  onDropped?: (rows: number, reason: DropReason) => void;
}

export const DEFAULT_IMPRESSION_CAPACITY = 50_000;

export class ImpressionLog {
  private queue: Impression[] = [];
  private writing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly capacity: number;
  private readonly batchSize: number;
  private stopped = false;

  constructor(
    private readonly knex: Knex,
    private readonly options: ImpressionLogOptions = {},
  ) {
    this.capacity = options.capacity ?? DEFAULT_IMPRESSION_CAPACITY;
    this.batchSize = options.batchSize ?? 200;
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 250);
    this.timer.unref();
  }

  /** Queues one served list; never waits, never throws. */
  record(impression: Impression): void {
    if (this.stopped || this.queue.length >= this.capacity) {
      this.options.onDropped?.(1, 'queue_full');
      return;
    }
    this.queue.push(impression);
    if (this.queue.length >= this.batchSize && !this.writing) void this.flush();
  }

  /** Entries waiting to be written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Writes what is queued (one writer at a time); resolves when the queue is empty or a write failed. */
  flush(): Promise<void> {
    if (this.writing) return this.writing;
    if (this.queue.length === 0) return Promise.resolve();
    this.writing = this.writeAll().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  /** Stops taking entries and writes what is queued; the caller bounds how long it waits. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.flush();
  }

  private async writeAll(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      try {
        await insertImpressions(this.knex, batch.map(toRow));
        this.options.onWritten?.(batch.length);
        // Requests waiting meanwhile go first: a long queue is written a batch per turn of the event loop.
        if (this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      } catch (err) {
        this.options.onDropped?.(batch.length, 'write_failed');
        // The driver's message quotes the INSERT, customer ids included: only its code goes to the log.
        log.error({ code: (err as { code?: string }).code ?? 'unknown', rows: batch.length }, 'impression log: a batch could not be written and is dropped');
        return;
      }
    }
  }
}

function toRow(i: Impression): ImpressionRow {
  const items = i.items.map((item) => ({ productId: item.productId, rank: item.rank, score: Math.round(item.score * 1e6) / 1e6 }));
  return [new Date(i.servedAtMs).toISOString(), i.servedDay, i.customerId, i.experiment, i.arm, i.modelVersion, JSON.stringify(items)];
}
