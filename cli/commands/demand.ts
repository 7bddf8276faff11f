/** `wealthrec demand train`: evaluates the demand model on time slices, then trains, registers and (optionally) promotes it. */
import { Option, type Command } from 'commander';
import { ARCHITECTURES } from '../../src/model-directory/architecture.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { runDemandTrain, type DemandTrainFlags } from '../../workflows/train-customer-day-model.js';
import { backendOption, nonNegativeInteger, positiveInteger } from '../options.js';

export function register(program: Command): void {
  program
    .command('demand')
    .description('the demand model: will the customer buy within H days?')
    .command('train')
    .description('evaluate on time slices, then train on every day of the demand table and register the model')
    .requiredOption('--samples <file>', 'demand wide table (wealthrec features demand)')
    .addOption(new Option('--arch <architecture>', 'the candidate model').choices(ARCHITECTURES).default('mlp'))
    .option('--test-days <n>', 'the last n as-of days are test days', positiveInteger, 3)
    .option('--seed <n>', 'seed of initial weights and shuffling', nonNegativeInteger, 7)
    .option('--epochs <n>', 'most epochs', positiveInteger, DEFAULT_FIT_OPTIONS.maxEpochs)
    .option('--batch-size <n>', 'rows per gradient step', positiveInteger, DEFAULT_FIT_OPTIONS.batchSize)
    .option('--patience <n>', 'epochs without a better validation loss before stopping', positiveInteger, DEFAULT_FIT_OPTIONS.patience)
    .addOption(backendOption())
    .option('--no-evaluate', 'skip the time-sliced evaluation')
    .option('--report <dir>', 'write demand-report.md and demand-metrics.json there')
    .option('--models <dir>', 'model registry root (default: $WEALTHREC_MODELS or ./models); demand models go to its demand/ folder')
    .option('--promote', 'make the new model the demand champion that campaigns use')
    .action(async (flags: DemandTrainFlags) => {
      await runDemandTrain(flags);
    });
}
