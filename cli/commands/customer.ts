/** `wealthrec customer export|erase ID`: the customer's data rights (PIPL art. 44-47, GDPR art. 15 and 17). */
import type { Command } from 'commander';
import { runCustomerErase, runCustomerExport, type CustomerEraseFlags, type CustomerExportFlags } from '../../workflows/customer-data-rights.js';
import { dbOption } from '../options.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  const customer = program.command('customer').description('a customer’s data rights: see everything held about them, or erase it');
  customer
    .command('export')
    .description('everything the system holds about one customer, as files a person can read, written whole into a new folder and audited')
    .argument('<id>', 'the customer id')
    .requiredOption('--out <dir>', 'a folder that does not exist yet')
    .option('--snapshot <file>', 'the snapshot served now: the customer’s rows in it')
    .option('--models <dir>', 'with --snapshot: the registry whose champion scores those rows')
    .option('--profiles <file>', 'the profile table served now')
    .option('--exports-dir <dir>', 'a folder of exported campaign lists (repeatable)', collect)
    .addOption(dbOption())
    .action(async (id: string, flags: CustomerExportFlags) => {
      const { dir, files } = await runCustomerExport(id, flags);
      console.log(
        `exported to ${dir}: ${Object.entries(files)
          .map(([f, n]) => `${f} ${n}`)
          .join(', ')}`,
      );
    });
  customer
    .command('erase')
    .description(
      'delete the customer from the bank’s tables (the snapshot and profile table drop them at their next build; a running server within a second), pseudonymise them in kept campaign lists; audited; erasing twice is harmless',
    )
    .argument('<id>', 'the customer id')
    .option('--exports-dir <dir>', 'a folder of exported campaign lists whose mentions of the customer become a pseudonym (repeatable)', collect)
    .addOption(dbOption())
    .action(async (id: string, flags: CustomerEraseFlags) => {
      await runCustomerErase(id, flags);
    });
}
