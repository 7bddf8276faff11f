/** `wealthrec demo` (npm start): the whole system on the embedded database, from one command. */
import { resolve } from 'node:path';
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
    .description('generate a small synthetic bank, import it into the database, and show the results')
    .option('--customers <n>', 'number of customers', positiveInteger, 3000)
    .option('--days <n>', 'days simulated', positiveInteger, 240)
    .option('--seed <n>', 'random seed', nonNegativeInteger, 42)
    .option('--out <dir>', 'where the generated CSVs go', './data/demo-bank')
    .option('--db <url>', 'database URL (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .action(async (flags: { customers: number; days: number; seed: number; out: string; db?: string }) => {
      console.log('== 1/2 synthetic bank');
      await runGenerate({ customers: flags.customers, days: flags.days, seed: flags.seed, out: flags.out });
      await withDatabase(flags.db, async (knex, target) => {
        console.log(`\n== 2/2 import into ${target.display}`);
        const bar = progressBar('import');
        const result = await importBank(knex, { dir: resolve(flags.out), onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, p.table) }).finally(() => bar.stop());
        printImport(result);
        if (result.status !== 'committed') throw new DataRejectedError('the demo bank did not import');
        console.log('\n(running the demo again imports the same files again: every "changed" count is then 0)');
      });
    });
}
