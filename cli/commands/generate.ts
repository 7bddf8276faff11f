/** `wealthrec generate`: writes a synthetic bank as SCHEMA.md CSVs, identical for the same seed. */
import type { Command } from 'commander';
import { runGenerate, type GenerateFlags } from '../../workflows/generate-bank.js';
import { nonNegativeInteger, positiveInteger } from '../options.js';

export function register(program: Command): void {
  program
    .command('generate')
    .description('write a synthetic bank (SCHEMA.md CSVs plus an oracle of true purchase probabilities)')
    .option('--customers <n>', 'number of customers', positiveInteger, 2000)
    .option('--days <n>', 'days simulated', positiveInteger, 200)
    .option('--seed <n>', 'random seed: the same seed writes the same files', nonNegativeInteger, 42)
    .option('--end-date <date>', 'last simulated day (YYYY-MM-DD)')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (flags: GenerateFlags) => {
      await runGenerate(flags);
    });
}
