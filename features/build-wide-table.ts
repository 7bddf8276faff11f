/**
 * Builds a wide table: training samples (every purchase occasion in [from, to], one row per
 * eligible product, labelled) or a snapshot (every customer on one as-of day, unlabelled).
 * Both go through appendRows, so a snapshot row equals the training row of the same (c, p, d).
 */
import type { Knex } from 'knex';
import { formatDay, type DayNumber } from '../src/domain/dates.js';
import { appendRows, ProductDay } from './append-rows.js';
import { customersBuyingIn, customersOpenBy, DEFAULT_BLOCK_SIZE, forEachHistory } from './customer-blocks.js';
import type { CustomerHistory } from './point-in-time.js';
import { ProductCatalog } from './product-catalog.js';
import { sourceDataHash } from './source-hash.js';
import { createBatch, type WideTableBatch } from '../src/wide-table/batch.js';
import { openWideTableWriter } from '../src/wide-table/writer.js';

const BATCH_ROWS = 16_384;

export interface BuildOptions {
  kind: 'samples' | 'snapshot';
  /** Samples: first occasion day; snapshot: the as-of day (equal to toDay). */
  fromDay: DayNumber;
  toDay: DayNumber;
  out: string;
  format: 'arrow' | 'csv';
  blockSize?: number;
  /**
   * Snapshot only: the horizon H of the demand model that will score it, which fills the horizon
   * family (recorded in the metadata as `horizonDays`); absent, the family is unknown.
   */
  horizonDays?: number;
  /** Rows per batch handed to the writer (default 16,384). */
  batchRows?: number;
  onProgress?: (customersDone: number, customersTotal: number) => void;
}

export interface BuildSummary {
  rows: number;
  customers: number;
  /** Samples only: customer-days with a purchase, rows labelled 1, and bought products that were not eligible. */
  occasions: number;
  positives: number;
  boughtButNotEligible: number;
  seconds: number;
}

/** Purchase days of the customer within [from, to], each with the products bought that day. */
function purchaseOccasions(history: CustomerHistory, fromDay: DayNumber, toDay: DayNumber): Map<DayNumber, Set<number>> {
  const occasions = new Map<DayNumber, Set<number>>();
  const { day, product } = history.purchases;
  for (let i = 0; i < day.length; i++) {
    if (day[i] < fromDay || day[i] > toDay) continue;
    let bought = occasions.get(day[i]);
    if (!bought) {
      bought = new Set();
      occasions.set(day[i], bought);
    }
    bought.add(product[i]);
  }
  return occasions;
}

export async function buildWideTable(knex: Knex, options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const { kind, fromDay, toDay } = options;
  const catalog = await ProductCatalog.load(knex);
  const productDay = new ProductDay(catalog);
  const ids = kind === 'samples' ? await customersBuyingIn(knex, fromDay, toDay) : await customersOpenBy(knex, toDay);
  // Samples need the purchases of the occasion days themselves, for the labels; a snapshot only the days before.
  const lastDay = kind === 'samples' ? toDay : toDay - 1;
  const writer = await openWideTableWriter(options.out, options.format, {
    kind,
    fromDay,
    toDay,
    sourceHash: await sourceDataHash(knex),
    // A snapshot records its shelf: serving tells a product launched after the build from one nobody could buy.
    extra: {
      customers: ids.length,
      products: catalog.products.length,
      ...(kind === 'snapshot' ? { shelf: productDay.at(toDay).onSale.map((p) => catalog.products[p].id) } : {}),
      ...(kind === 'snapshot' && options.horizonDays !== undefined ? { horizonDays: options.horizonDays } : {}),
    },
  });
  const summary: BuildSummary = { rows: 0, customers: ids.length, occasions: 0, positives: 0, boughtButNotEligible: 0, seconds: 0 };
  const batchRows = options.batchRows ?? BATCH_ROWS;
  let batch: WideTableBatch = createBatch(batchRows, kind === 'samples');
  const flush = async () => {
    if (batch.length > 0) {
      await writer.write(batch);
      summary.rows += batch.length;
    }
    batch = createBatch(batchRows, kind === 'samples');
  };
  try {
    await forEachHistory(
      knex,
      ids,
      lastDay,
      catalog,
      options.blockSize ?? DEFAULT_BLOCK_SIZE,
      async (history) => {
        const days = kind === 'samples' ? purchaseOccasions(history, fromDay, toDay) : new Map([[toDay, null]]);
        for (const [day, bought] of days) {
          // A customer-day adds at most one row per product on sale that day; a bigger day gets a batch of its own.
          const room = productDay.at(day).onSale.length;
          if (batch.length + room > batch.asOf.length) await flush();
          if (room > batch.asOf.length) batch = createBatch(room, kind === 'samples');
          const horizon = kind === 'snapshot' ? (options.horizonDays ?? null) : null;
          const eligible = appendRows(batch, history, day, catalog, productDay, bought, horizon);
          if (!bought) continue;
          summary.occasions++;
          for (const p of bought) {
            if (eligible.includes(p)) summary.positives++;
            else summary.boughtButNotEligible++;
          }
        }
      },
      options.onProgress,
    );
    await flush();
    await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** `YYYY-MM-DD..YYYY-MM-DD`, for messages. */
export function describeRange(fromDay: DayNumber, toDay: DayNumber): string {
  return fromDay === toDay ? formatDay(fromDay) : `${formatDay(fromDay)}..${formatDay(toDay)}`;
}
