/** `wealthrec demo` (npm start): the whole system on the embedded database, from one command. */
import { dirname, join, resolve } from 'node:path';
import { buildWideTable, describeRange, FEATURES } from '../../../features/index.js';
import { parseDay } from '../../domain/dates.js';
import type { Command } from 'commander';
import { DataRejectedError } from '../../errors.js';
import { importBank } from '../../import/index.js';
import { positiveInteger, nonNegativeInteger } from '../options.js';
import { printImport } from '../print-import.js';
import { progressBar } from '../progress-bar.js';
import { withDatabase } from '../with-database.js';
import { runGenerate } from './generate.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('generate a small synthetic bank, import it, build its wide table, and show the results')
    .option('--customers <n>', 'number of customers', positiveInteger, 3000)
    .option('--days <n>', 'days simulated', positiveInteger, 240)
    .option('--seed <n>', 'random seed', nonNegativeInteger, 42)
    .option('--out <dir>', 'where the generated CSVs go', './data/demo-bank')
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .action(async (flags: { customers: number; days: number; seed: number; out: string; db?: string }) => {
      console.log('== 1/3 synthetic bank');
      const generated = await runGenerate({ customers: flags.customers, days: flags.days, seed: flags.seed, out: flags.out });
      await withDatabase(flags.db, async (knex, target) => {
        console.log(`\n== 2/3 import into ${target.display}`);
        const bar = progressBar('import');
        const result = await importBank(knex, { dir: resolve(flags.out), onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, p.table) }).finally(() => bar.stop());
        printImport(result);
        if (result.status !== 'committed') throw new DataRejectedError('the demo bank did not import');
        console.log('(running the demo again imports the same files again: every "changed" count is then 0)');

        // The evaluation window of the case: the last 10 days' purchase occasions, and a snapshot of the last day.
        const lastDay = parseDay(generated.lastDay)!;
        console.log('\n== 3/3 point-in-time wide table (features strictly from data before each day)');
        const samples = await buildWideTable(knex, { kind: 'samples', fromDay: lastDay - 9, toDay: lastDay, out: join(dirname(resolve(flags.out)), 'samples-last-10-days.arrow'), format: 'arrow' });
        console.log(`samples ${describeRange(lastDay - 9, lastDay)}: ${samples.occasions} purchase occasions, ${samples.rows.toLocaleString('en')} rows (${samples.positives} bought), ${FEATURES.length} features`);
        const snapshot = await buildWideTable(knex, { kind: 'snapshot', fromDay: lastDay, toDay: lastDay, out: join(dirname(resolve(flags.out)), 'snapshot.arrow'), format: 'arrow' });
        console.log(`snapshot ${describeRange(lastDay, lastDay)}: ${snapshot.customers.toLocaleString('en')} customers x their eligible products = ${snapshot.rows.toLocaleString('en')} rows`);
        console.log(`written to ${dirname(resolve(flags.out))}/ (read them with apache-arrow; --format csv on \`wealthrec features\` for people)`);
      });
    });
}
