/** `wealthrec generate`: writes a synthetic bank as SCHEMA.md CSVs, identical for the same seed. */
import type { Command } from 'commander';
import { runGenerate, type GenerateFlags } from '../../workflows/generate-bank.js';
import { nonNegativeInteger, positiveInteger } from '../options.js';
import { DEFAULT_BOUND_DRAWS } from '../../synthetic/index.js';

export function register(program: Command): void {
  program
    .command('generate')
    .description('write a synthetic bank (SCHEMA.md CSVs plus an oracle of true purchase probabilities)')
    .option('--customers <n>', 'number of customers', positiveInteger, 2000)
    .option('--days <n>', 'days simulated', positiveInteger, 200)
    .option('--seed <n>', 'random seed: the same seed writes the same files', nonNegativeInteger, 42)
    .option('--end-date <date>', 'last simulated day (YYYY-MM-DD)')
    .option(
      '--bound-draws <m>',
      `redraws of hidden traits behind the choice oracle's achievable bounds; 0 leaves them out`,
      nonNegativeInteger,
      DEFAULT_BOUND_DRAWS,
    )
    .requiredOption('--out <dir>', 'output directory')
    .action(async (flags: GenerateFlags) => {
      await runGenerate(flags);
    });
}
