/** `wealthrec import DIR`: validated, transactional import of the bank's CSV files. */
import type { Command } from 'commander';
import { runImport, type ImportFlags } from '../../workflows/import-bank.js';
import { isoDay, dbOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('import')
    .description('load the CSV files of SCHEMA.md from DIR; by default a single violation keeps nothing')
    .argument('<dir>', 'directory holding customers.csv, products.csv, purchases.csv, deposits.csv, …')
    .addOption(dbOption())
    .option('--quarantine <file>', 'import the good rows and write each rejected row with its reason to FILE')
    .option('--as-of <date>', 'reject any date after this day (YYYY-MM-DD); without it, any date after today in bank time', isoDay)
    .action(async (dir: string, opts: ImportFlags) => {
      await runImport(dir, opts);
    });
}
