/** Imports the bank's CSV files with a progress bar, logs and prints the outcome: `wealthrec import` and step 2 of the demo. */
import { importBank, type ImportResult } from '../import/index.js';
import { withDatabase } from '../src/db/with-database.js';
import { DataRejectedError } from '../src/errors.js';
import { log } from '../src/log.js';
import { progressBar } from '../src/progress-bar.js';
import { printImport } from './print-import.js';

export interface ImportFlags {
  db?: string;
  quarantine?: string;
  asOf?: number;
}

/** Throws DataRejectedError (exit 1) when the import kept nothing. */
export async function runImport(dir: string, opts: ImportFlags): Promise<ImportResult> {
  return withDatabase(opts.db, async (knex, target) => {
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
    return result;
  });
}
