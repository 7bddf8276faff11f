/** `wealthrec value train`: evaluates the customer value model on time slices, then trains, registers and (optionally) promotes it. */
import { Option, type Command } from 'commander';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { runValueTrain, type ValueTrainFlags } from '../../workflows/train-customer-day-model.js';
import { backendOption, nonNegativeInteger, positiveInteger } from '../options.js';

export function register(program: Command): void {
  program
    .command('value')
    .description('the customer value model: how many yuan will the customer buy in the next 30 or 90 days?')
    .command('train')
    .description('evaluate on time slices against the naive forecast, then train on every day of the value table and register the model')
    .requiredOption('--samples <file>', 'value wide table (wealthrec features value)')
    .addOption(new Option('--loss <loss>', 'what the registered model minimises: absolute error (a median forecast) or squared error (a mean)').choices(['absolute', 'squared']).default('absolute'))
    .option('--test-days <n>', 'the last n as-of days are test days', positiveInteger, 3)
    .option('--seed <n>', 'seed of initial weights and shuffling', nonNegativeInteger, 7)
    .option('--epochs <n>', 'most epochs', positiveInteger, DEFAULT_FIT_OPTIONS.maxEpochs)
    .option('--batch-size <n>', 'rows per gradient step', positiveInteger, DEFAULT_FIT_OPTIONS.batchSize)
    .option('--patience <n>', 'epochs without a better validation loss before stopping', positiveInteger, DEFAULT_FIT_OPTIONS.patience)
    .addOption(backendOption())
    .option('--no-evaluate', 'skip the time-sliced evaluation')
    .option('--report <dir>', 'write value-report.md (with the segment table) and value-metrics.json there')
    .option('--models <dir>', 'model registry root (default: $WEALTHREC_MODELS or ./models); value models go to its value/ folder')
    .option('--promote', 'make the new model the value champion that profiles use')
    .action(async (flags: ValueTrainFlags) => {
      await runValueTrain(flags);
    });
}
