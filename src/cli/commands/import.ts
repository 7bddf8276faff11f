/** `wealthrec import DIR`: validated, transactional import of the bank's CSV files. */
import type { Command } from 'commander';
import { DataRejectedError } from '../../errors.js';
import { importBank } from '../../import/index.js';
import { log } from '../../log.js';
import { isoDay } from '../options.js';
import { printImport } from '../print-import.js';
import { progressBar } from '../progress-bar.js';
import { withDatabase } from '../with-database.js';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('load the CSV files of SCHEMA.md from DIR; by default a single violation keeps nothing')
    .argument('<dir>', 'directory holding customers.csv, products.csv, purchases.csv, deposits.csv, …')
    .option('--db <url>', 'database URL: sqlite:PATH or mysql://user:pass@host:port/db (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)')
    .option('--quarantine <file>', 'import the good rows and write each rejected row with its reason to FILE')
    .option('--as-of <date>', 'reject any date after this day (YYYY-MM-DD)', isoDay)
    .action(async (dir: string, opts: { db?: string; quarantine?: string; asOf?: number }) => {
      await withDatabase(opts.db, async (knex, target) => {
        const bar = progressBar('import');
        const result = await importBank(knex, {
          dir,
          quarantineFile: opts.quarantine,
          asOfDay: opts.asOf,
          onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, p.table),
        }).finally(() => bar.stop());
        log.info({ db: target.display, runId: result.runId, status: result.status, violations: result.violations.total }, 'import finished');
        printImport(result);
        if (result.status !== 'committed') throw new DataRejectedError(`import rejected: ${result.violations.total} violation(s)`);
      });
    });
}
