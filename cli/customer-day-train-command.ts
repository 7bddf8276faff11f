/** The one shape of `wealthrec demand train` and `wealthrec value train`: the same options, the model's own one, and the workflow it runs. */
import { numberEncodingOption } from './number-encoding-option.js';
import type { Command, Option } from 'commander';
import type { NumberEncodingKind } from '../training/fit-preprocessing.js';
import { DEFAULT_FIT_OPTIONS } from '../training/fit-model.js';
import { backendOption, nonNegativeInteger, positiveInteger } from './options.js';

export interface CustomerDayTrainCommand<F> {
  /** `demand` or `value`: the command, the table kind, the report's name and the registry folder. */
  kind: 'demand' | 'value';
  description: string;
  trainDescription: string;
  /** What sets this model apart (--arch, --loss). */
  modelOption: Option;
  /** The model's default --number-encoding. */
  numberEncoding?: NumberEncodingKind;
  /** Options of this model only. */
  extraOptions?: Option[];
  reportFiles: string;
  championUse: string;
  run: (flags: F) => Promise<unknown>;
}

export function registerCustomerDayTrain<F>(program: Command, c: CustomerDayTrainCommand<F>): void {
  const train = program
    .command(c.kind)
    .description(c.description)
    .command('train')
    .description(c.trainDescription)
    .requiredOption('--samples <file>', `${c.kind} wide table (wealthrec features ${c.kind})`)
    .addOption(c.modelOption);
  for (const option of c.extraOptions ?? []) train.addOption(option);
  train
    .option('--test-days <n>', 'the last n as-of days are test days', positiveInteger, 3)
    .option('--seed <n>', 'seed of initial weights and shuffling', nonNegativeInteger, 7)
    .option('--epochs <n>', 'most epochs', positiveInteger, DEFAULT_FIT_OPTIONS.maxEpochs)
    .option('--batch-size <n>', 'rows per gradient step', positiveInteger, DEFAULT_FIT_OPTIONS.batchSize)
    .option('--patience <n>', 'epochs without a better validation loss before stopping', positiveInteger, DEFAULT_FIT_OPTIONS.patience)
    .addOption(numberEncodingOption(c.numberEncoding))
    .addOption(backendOption())
    .option('--no-evaluate', 'skip the time-sliced evaluation')
    .option('--report <dir>', `write ${c.reportFiles} there`)
    .option('--models <dir>', `model registry root (default: $WEALTHREC_MODELS or ./models); ${c.kind} models go to its ${c.kind}/ folder`)
    .option('--promote', `make the new model the ${c.kind} champion that ${c.championUse}`)
    .action(async (flags: F) => {
      await c.run(flags);
    });
}
