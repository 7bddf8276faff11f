/** The wide tables from the command line: opens the database, builds with a progress bar, prints the summary (`wealthrec features …`). */
import { asOfDaysEvery, buildCustomerDayTable, buildWideTable, describeRange, type BuildSummary } from '../features/index.js';
import { withDatabase } from '../src/db/with-database.js';
import type { DayNumber } from '../src/domain/dates.js';
import { UsageError } from '../src/errors.js';
import { progressBar } from '../src/progress-bar.js';

interface TableFlags {
  out: string;
  format: 'arrow' | 'csv';
  block?: number;
  db?: string;
}

export type SamplesFlags = TableFlags & { from: DayNumber; to: DayNumber };
export type SnapshotFlags = TableFlags & { asOf: DayNumber; horizon?: number };
export type CustomerDayFlags = TableFlags & { from: DayNumber; to: DayNumber; every: number; horizon: number; category?: string };

function checkRange(flags: { from: DayNumber; to: DayNumber }): void {
  if (flags.to < flags.from) throw new UsageError(`--to (${describeRange(flags.to, flags.to)}) is before --from (${describeRange(flags.from, flags.from)})`);
}

function printSummary(what: string, s: BuildSummary): void {
  console.log(`${what}: ${s.rows.toLocaleString('en')} rows for ${s.customers.toLocaleString('en')} customers in ${s.seconds.toFixed(1)} s`);
  if (s.occasions > 0) {
    console.log(`  ${s.occasions.toLocaleString('en')} purchase occasions, ${s.positives.toLocaleString('en')} rows labelled bought`);
  }
  if (s.boughtButNotEligible > 0) {
    console.log(`  warning: ${s.boughtButNotEligible} purchases were of products the eligibility rule excludes (risk level or audience): they have no row`);
  }
}

/** Training and evaluation samples: every purchase occasion in [from, to]. */
export async function runBuildSamples(flags: SamplesFlags): Promise<BuildSummary> {
  checkRange(flags);
  return withDatabase(
    flags.db,
    async (knex) => {
      const bar = progressBar('features');
      const s = await buildWideTable(knex, {
        kind: 'samples',
        fromDay: flags.from,
        toDay: flags.to,
        out: flags.out,
        format: flags.format,
        blockSize: flags.block,
        onProgress: (d, t) => bar.update(d, t, 'customers'),
      }).finally(() => bar.stop());
      printSummary(`samples ${describeRange(flags.from, flags.to)} -> ${flags.out}`, s);
      return s;
    },
    { mustExist: true },
  );
}

/** What serving scores: every customer with every product they may buy on the day. */
export async function runBuildSnapshot(flags: SnapshotFlags): Promise<BuildSummary> {
  return withDatabase(
    flags.db,
    async (knex) => {
      const bar = progressBar('snapshot');
      const s = await buildWideTable(knex, {
        kind: 'snapshot',
        fromDay: flags.asOf,
        toDay: flags.asOf,
        out: flags.out,
        format: flags.format,
        blockSize: flags.block,
        horizonDays: flags.horizon,
        onProgress: (d, t) => bar.update(d, t, 'customers'),
      }).finally(() => bar.stop());
      printSummary(`snapshot ${describeRange(flags.asOf, flags.asOf)} -> ${flags.out}`, s);
      return s;
    },
    { mustExist: true },
  );
}

/** A customer-day table: every customer on each as-of day, labelled by what they bought within the horizon (`demand`: 0/1, `value`: yuan). */
export async function runBuildCustomerDayTable(label: 'demand' | 'value', flags: CustomerDayFlags): Promise<void> {
  checkRange(flags);
  await withDatabase(
    flags.db,
    async (knex) => {
      const bar = progressBar(label);
      const asOfDays = asOfDaysEvery(flags.from, flags.to, flags.every);
      const s = await buildCustomerDayTable(knex, {
        asOfDays,
        horizonDays: flags.horizon,
        ...(label === 'value' ? { label: 'amount' as const } : {}),
        category: flags.category ?? null,
        out: flags.out,
        format: flags.format,
        blockSize: flags.block,
        onProgress: (d, t) => bar.update(d, t, 'customers'),
      }).finally(() => bar.stop());
      console.log(
        `${label} ${asOfDays.length} as-of days ${describeRange(flags.from, flags.to)}, horizon ${flags.horizon} days -> ${flags.out}: ${s.rows.toLocaleString('en')} rows, ${s.positives.toLocaleString('en')} bought (${((100 * s.positives) / Math.max(1, s.rows)).toFixed(1)}%) in ${s.seconds.toFixed(1)} s`,
      );
    },
    { mustExist: true },
  );
}
