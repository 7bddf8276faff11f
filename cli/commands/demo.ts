/** `wealthrec demo` (npm start): the whole system on the embedded database, from one command. */
import { Option, type Command } from 'commander';
import { runDemo, type DemoFlags } from '../../workflows/demo.js';
import { nonNegativeInteger, positiveInteger, dbOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('generate a small synthetic bank, import it, build its wide table, train and evaluate the recommender, and show the results')
    .option('--customers <n>', 'number of customers', positiveInteger, 3000)
    .option('--days <n>', 'days simulated', positiveInteger, 240)
    .option('--seed <n>', 'random seed', nonNegativeInteger, 42)
    .option('--out <dir>', 'where the generated CSVs go', './data/demo-bank')
    .addOption(dbOption())
    .option('--models <dir>', 'model registry (default: $WEALTHREC_MODELS or ./models)')
    .addOption(new Option('--mode <mode>', 'evaluation: sliced (a model per test day) or once').choices(['sliced', 'once']).default('once'))
    .option('--test-days <n>', 'test days at the end of the window', positiveInteger, 10)
    .option('--no-serve', 'stop after training instead of serving the API')
    .option('--port <n>', 'port the API listens on', positiveInteger, 8080)
    .action(async (flags: DemoFlags) => {
      await runDemo(flags);
    });
}
