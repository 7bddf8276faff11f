/** `wealthrec profile build`: every customer's profile tags (用户画像) as of a day, with potential demand and value from the registered models. */
import { Option, type Command } from 'commander';
import { runBuildProfiles, type ProfileFlags } from '../../workflows/build-profiles.js';
import { isoDay, positiveInteger, dbOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('profile')
    .description('customer profiles (用户画像): tags, potential demand and value')
    .command('build')
    .description('the profile of every customer as of a day (tags from data strictly before it)')
    .requiredOption('--as-of <date>', 'the day (YYYY-MM-DD)', isoDay)
    .requiredOption('--out <file>', 'output file')
    .addOption(new Option('--format <format>', 'file format').choices(['arrow', 'csv']).default('arrow'))
    .option('--models <dir>', 'model registry root whose demand/ and value/ champions fill the model tags (default: $WEALTHREC_MODELS or ./models)')
    .option('--no-models', 'leave the model tags empty')
    .option('--block <n>', 'customers read per block', positiveInteger)
    .addOption(dbOption())
    .action(async (flags: ProfileFlags) => {
      await runBuildProfiles(flags);
    });
}
