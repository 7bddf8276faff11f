/** Generates a whole synthetic bank: products first, then customer after customer, streamed to the SCHEMA.md CSVs. */

import { UsageError } from '../src/errors.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TABLES, type TableName } from '../src/bank/tables.js';
import { Calendar } from './calendar.js';
import { ChoiceSet } from './choice.js';
import { ChoiceBounds } from './choice-bounds.js';
import { CustomerState } from './customer-state.js';
import { generateCustomer } from './customers.js';
import { DEFAULT_BOUND_DRAWS, ORACLE_DAYS, describeOracle } from './oracle.js';
import { closeOutputs, flushFull, openOutputs } from './outputs.js';
import { generateProducts } from './products.js';
import { Rng } from '../src/random.js';
import { customerRow, optOutRow, productRow } from './rows.js';
import { Shelf } from './shelf.js';
import { simulateCustomer, type SimulationContext } from './simulate-customer.js';

export interface GenerateOptions {
  /** Number of customers, C0000001 upwards. */
  customers: number;
  /** Length of the simulated window in days. */
  days: number;
  /** Same seed and options, same bytes. */
  seed: number;
  /** Folder for the CSVs, `oracle/` and `generator.json`; created when missing. */
  outDir: string;
  /** Last simulated day, YYYY-MM-DD; default '2026-06-30'. */
  endDate?: string;
  /** Redraws of the hidden traits behind the choice oracle's bound columns; 0 leaves them out. Default DEFAULT_BOUND_DRAWS. */
  boundDraws?: number;
}

export interface GenerateSummary {
  rows: Record<TableName, number>;
  oracleRows: { demand: number; choice: number };
  firstDay: string;
  lastDay: string;
  /** Share of purchases made by customers with no earlier purchase (first purchases). */
  newCustomerPurchaseShare: number;
  seconds: number;
}

export const DEFAULT_END_DATE = '2026-06-30';
const PROGRESS_EVERY = 1_000;

function checkOptions(opts: GenerateOptions): void {
  const positive = (name: string, v: number) => {
    if (!Number.isSafeInteger(v) || v < 1) throw new UsageError(`generate: ${name} must be a positive integer, got ${v}`);
  };
  positive('customers', opts.customers);
  positive('days', opts.days);
  if (opts.customers > 9_999_999) throw new UsageError(`generate: at most 9,999,999 customers (7-digit ids), got ${opts.customers}`);
  if (opts.boundDraws !== undefined && !(Number.isSafeInteger(opts.boundDraws) && opts.boundDraws >= 0))
    throw new UsageError(`generate: boundDraws must be a non-negative integer, got ${opts.boundDraws}`);
  if (!Number.isSafeInteger(opts.seed)) throw new UsageError(`generate: seed must be an integer, got ${opts.seed}`);
  if (!opts.outDir) throw new UsageError('generate: outDir is required');
}

export async function generateBank(opts: GenerateOptions, onProgress?: (customersDone: number, total: number) => void): Promise<GenerateSummary> {
  checkOptions(opts);
  const started = performance.now();
  const endDate = opts.endDate ?? DEFAULT_END_DATE;
  const boundDraws = opts.boundDraws ?? DEFAULT_BOUND_DRAWS;
  const cal = Calendar.ending(endDate, opts.days);
  const root = Rng.fromSeed(opts.seed);
  const products = generateProducts(root.fork('products'), cal);
  const shelf = new Shelf(products, cal);
  const maxOnSale = shelf.onSale.reduce((m, s) => Math.max(m, s.length), 1);

  const out = await openOutputs(opts.outDir, boundDraws > 0);
  const ctx: SimulationContext = {
    cal,
    products,
    shelf,
    out,
    state: new CustomerState(cal),
    choice: new ChoiceSet(maxOnSale),
    bounds: boundDraws > 0 ? new ChoiceBounds(boundDraws, maxOnSale) : null,
    oracleFrom: Math.max(cal.firstDay, cal.lastDay - ORACLE_DAYS + 1),
    totals: { purchases: 0, firstPurchases: 0 },
  };
  try {
    for (const p of products) out.tables.products.push(productRow(p, cal));
    const customerStreams = root.fork('customers');
    // The bounds' own streams: forks never move their parent, so the bank's draws stay as they were.
    const boundStreams = root.fork('choice-bounds');
    for (let c = 0; c < opts.customers; c++) {
      // Each customer has its own stream: customer c is the same whatever was generated before it.
      const rng = customerStreams.fork(c);
      const profile = generateCustomer(rng, c, cal);
      out.tables.customers.push(customerRow(profile, cal));
      if (profile.optOut) out.tables.opt_outs.push(optOutRow(profile.id, profile.optOut.channel, cal.label(profile.optOut.day)));
      simulateCustomer(profile, rng, ctx, ctx.bounds ? boundStreams.fork(c) : undefined);
      await flushFull(out);
      if (onProgress && ((c + 1) % PROGRESS_EVERY === 0 || c + 1 === opts.customers)) onProgress(c + 1, opts.customers);
    }
  } finally {
    await closeOutputs(out);
  }

  const rows = {} as Record<TableName, number>;
  for (const t of TABLES) rows[t.name] = out.tables[t.name].rows;
  const { purchases, firstPurchases } = ctx.totals;
  const summary: GenerateSummary = {
    rows,
    oracleRows: { demand: out.demandOracle.rows, choice: out.choiceOracle.rows },
    firstDay: cal.label(cal.firstDay),
    lastDay: cal.label(cal.lastDay),
    newCustomerPurchaseShare: purchases > 0 ? firstPurchases / purchases : 0,
    seconds: 0,
  };
  await writeManifest({ ...opts, boundDraws }, endDate, summary, cal.label(ctx.oracleFrom));
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * generator.json: how the data was made. Leaves out outDir and the run time so that identical
 * options give identical bytes wherever and however fast they run.
 */
async function writeManifest(opts: GenerateOptions & { boundDraws: number }, endDate: string, summary: GenerateSummary, oracleFrom: string): Promise<void> {
  const { seconds: _seconds, ...stable } = summary;
  const manifest = {
    generator: 'wealthrec synthetic bank',
    formatVersion: 1,
    options: { customers: opts.customers, days: opts.days, seed: opts.seed, endDate, boundDraws: opts.boundDraws },
    seed: opts.seed,
    summary: { ...stable, newCustomerPurchaseShare: Number(stable.newCustomerPurchaseShare.toFixed(6)) },
    tables: Object.fromEntries(TABLES.map((t) => [t.name, t.file])),
    oracle: describeOracle(oracleFrom, summary.lastDay, opts.boundDraws),
    notes: [
      'Only the eight table files follow SCHEMA.md; oracle/ holds the true model probabilities and must never be imported as bank data.',
      'New-customer-only and loyal-only products are marked only in their names (新客专享/新手专享/首购专享, 老客专享/忠诚客户专享).',
      'sale_end of products still on sale on the last day is the last day (no date lies after it).',
    ],
  };
  await writeFile(join(opts.outDir, 'generator.json'), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}
