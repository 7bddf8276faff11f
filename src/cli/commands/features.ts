/** `wealthrec features build|snapshot`: the point-in-time wide table as Arrow (or CSV for people). */
import { Option, type Command } from 'commander';
import { asOfDaysEvery, buildDemandTable, buildWideTable, describeRange, type BuildSummary } from '../../../features/index.js';
import { UsageError } from '../../errors.js';
import { isoDay, positiveInteger } from '../options.js';
import { progressBar } from '../progress-bar.js';
import { withDatabase } from '../with-database.js';

const formatOption = () => new Option('--format <format>', 'arrow (IPC file) or csv').choices(['arrow', 'csv']).default('arrow');

function printSummary(what: string, s: BuildSummary): void {
  console.log(`${what}: ${s.rows.toLocaleString('en')} rows for ${s.customers.toLocaleString('en')} customers in ${s.seconds.toFixed(1)} s`);
  if (s.occasions > 0) {
    console.log(`  ${s.occasions.toLocaleString('en')} purchase occasions, ${s.positives.toLocaleString('en')} rows labelled bought`);
  }
  if (s.boughtButNotEligible > 0) {
    console.log(`  warning: ${s.boughtButNotEligible} purchases were of products the eligibility rule excludes (risk level or audience): they have no row`);
  }
}

export function registerFeatures(program: Command): void {
  const features = program.command('features').description('build the point-in-time wide table (features strictly from data before each day)');
  features
    .command('build')
    .description('training and evaluation samples: every purchase occasion in [from, to], one row per eligible product')
    .requiredOption('--from <date>', 'first occasion day (YYYY-MM-DD)', isoDay)
    .requiredOption('--to <date>', 'last occasion day (YYYY-MM-DD)', isoDay)
    .requiredOption('--out <file>', 'output file')
    .addOption(formatOption())
    .option('--block <n>', 'customers read per block', positiveInteger)
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .action(async (o: { from: number; to: number; out: string; format: 'arrow' | 'csv'; block?: number; db?: string }) => {
      if (o.to < o.from) throw new UsageError(`--to (${describeRange(o.to, o.to)}) is before --from (${describeRange(o.from, o.from)})`);
      await withDatabase(o.db, async (knex) => {
        const bar = progressBar('features');
        const s = await buildWideTable(knex, { kind: 'samples', fromDay: o.from, toDay: o.to, out: o.out, format: o.format, blockSize: o.block, onProgress: (d, t) => bar.update(d, t, 'customers') }).finally(() => bar.stop());
        printSummary(`samples ${describeRange(o.from, o.to)} -> ${o.out}`, s);
      });
    });
  features
    .command('demand')
    .description('demand-model samples: every customer on as-of days from..to (every N days), labelled 1 when they bought within the horizon')
    .requiredOption('--from <date>', 'first as-of day (YYYY-MM-DD)', isoDay)
    .requiredOption('--to <date>', 'last as-of day (YYYY-MM-DD); its horizon must lie inside the data', isoDay)
    .option('--every <days>', 'days between as-of days', positiveInteger, 7)
    .option('--horizon <days>', 'label window [d, d + H) in days', positiveInteger, 7)
    .option('--category <name>', 'label only purchases of this product category (default: any product)')
    .requiredOption('--out <file>', 'output file')
    .addOption(formatOption())
    .option('--block <n>', 'customers read per block', positiveInteger)
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .action(async (o: { from: number; to: number; every: number; horizon: number; category?: string; out: string; format: 'arrow' | 'csv'; block?: number; db?: string }) => {
      if (o.to < o.from) throw new UsageError(`--to (${describeRange(o.to, o.to)}) is before --from (${describeRange(o.from, o.from)})`);
      await withDatabase(o.db, async (knex) => {
        const bar = progressBar('demand');
        const asOfDays = asOfDaysEvery(o.from, o.to, o.every);
        const s = await buildDemandTable(knex, { asOfDays, horizonDays: o.horizon, category: o.category ?? null, out: o.out, format: o.format, blockSize: o.block, onProgress: (d, t) => bar.update(d, t, 'customers') }).finally(() => bar.stop());
        console.log(`demand ${asOfDays.length} as-of days ${describeRange(o.from, o.to)}, horizon ${o.horizon} days -> ${o.out}: ${s.rows.toLocaleString('en')} rows, ${s.positives.toLocaleString('en')} bought (${((100 * s.positives) / Math.max(1, s.rows)).toFixed(1)}%) in ${s.seconds.toFixed(1)} s`);
      });
    });
  features
    .command('value')
    .description('value-model samples: every customer on as-of days from..to (every N days), labelled with the yuan they bought within the horizon')
    .requiredOption('--from <date>', 'first as-of day (YYYY-MM-DD)', isoDay)
    .requiredOption('--to <date>', 'last as-of day (YYYY-MM-DD); its horizon must lie inside the data', isoDay)
    .option('--every <days>', 'days between as-of days', positiveInteger, 7)
    .addOption(new Option('--horizon <days>', 'label window [d, d + H) in days').choices(['30', '90']).default('90'))
    .requiredOption('--out <file>', 'output file')
    .addOption(formatOption())
    .option('--block <n>', 'customers read per block', positiveInteger)
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .action(async (o: { from: number; to: number; every: number; horizon: string; out: string; format: 'arrow' | 'csv'; block?: number; db?: string }) => {
      if (o.to < o.from) throw new UsageError(`--to (${describeRange(o.to, o.to)}) is before --from (${describeRange(o.from, o.from)})`);
      await withDatabase(o.db, async (knex) => {
        const bar = progressBar('value');
        const asOfDays = asOfDaysEvery(o.from, o.to, o.every);
        const horizonDays = Number(o.horizon);
        const s = await buildDemandTable(knex, { asOfDays, horizonDays, label: 'amount', category: null, out: o.out, format: o.format, blockSize: o.block, onProgress: (d, t) => bar.update(d, t, 'customers') }).finally(() => bar.stop());
        console.log(`value ${asOfDays.length} as-of days ${describeRange(o.from, o.to)}, horizon ${horizonDays} days -> ${o.out}: ${s.rows.toLocaleString('en')} rows, ${s.positives.toLocaleString('en')} bought (${((100 * s.positives) / Math.max(1, s.rows)).toFixed(1)}%) in ${s.seconds.toFixed(1)} s`);
      });
    });
  features
    .command('snapshot')
    .description('what serving scores: every customer with every product on sale that day that they may buy')
    .requiredOption('--as-of <date>', 'the day (features use data strictly before it)', isoDay)
    .requiredOption('--out <file>', 'output file')
    .addOption(formatOption())
    .option('--block <n>', 'customers read per block', positiveInteger)
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .action(async (o: { asOf: number; out: string; format: 'arrow' | 'csv'; block?: number; db?: string }) => {
      await withDatabase(o.db, async (knex) => {
        const bar = progressBar('snapshot');
        const s = await buildWideTable(knex, { kind: 'snapshot', fromDay: o.asOf, toDay: o.asOf, out: o.out, format: o.format, blockSize: o.block, onProgress: (d, t) => bar.update(d, t, 'customers') }).finally(() => bar.stop());
        printSummary(`snapshot ${describeRange(o.asOf, o.asOf)} -> ${o.out}`, s);
      });
    });
}
