/** `wealthrec features build|snapshot`: the point-in-time wide table as Arrow (or CSV for people). */
import { Option, type Command } from 'commander';
import {
  runBuildCustomerDayTable,
  runBuildSamples,
  runBuildSnapshot,
  type CustomerDayFlags,
  type SamplesFlags,
  type SnapshotFlags,
} from '../../workflows/build-wide-tables.js';
import { isoDay, positiveInteger, dbOption } from '../options.js';

const formatOption = () => new Option('--format <format>', 'arrow (IPC file) or csv').choices(['arrow', 'csv']).default('arrow');

export function register(program: Command): void {
  const features = program.command('features').description('build the point-in-time wide table (features strictly from data before each day)');
  features
    .command('build')
    .description('training and evaluation samples: every purchase occasion in [from, to], one row per eligible product')
    .requiredOption('--from <date>', 'first occasion day (YYYY-MM-DD)', isoDay)
    .requiredOption('--to <date>', 'last occasion day (YYYY-MM-DD)', isoDay)
    .requiredOption('--out <file>', 'output file')
    .addOption(formatOption())
    .option('--block <n>', 'customers read per block', positiveInteger)
    .addOption(dbOption())
    .action(async (flags: SamplesFlags) => {
      await runBuildSamples(flags);
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
    .addOption(dbOption())
    .action(async (flags: CustomerDayFlags) => {
      await runBuildCustomerDayTable('demand', flags);
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
    .addOption(dbOption())
    .action(async (flags: Omit<CustomerDayFlags, 'horizon'> & { horizon: string }) => {
      await runBuildCustomerDayTable('value', { ...flags, horizon: Number(flags.horizon) });
    });
  features
    .command('snapshot')
    .description('what serving scores: every customer with every product on sale that day that they may buy')
    .requiredOption('--as-of <date>', 'the day (features use data strictly before it)', isoDay)
    .requiredOption('--out <file>', 'output file')
    .option(
      '--horizon <days>',
      'the horizon H of the demand champion that will score it: fills the horizon features [d, d + H) (as features demand --horizon)',
      positiveInteger,
      7,
    )
    .addOption(formatOption())
    .option('--block <n>', 'customers read per block', positiveInteger)
    .addOption(dbOption())
    .action(async (flags: SnapshotFlags) => {
      await runBuildSnapshot(flags);
    });
}
