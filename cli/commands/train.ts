/**
 * `wealthrec evaluate`: the time-sliced offline evaluation and its report.
 * `wealthrec train`: the same evaluation, then the model that serves, registered with its metrics.
 */
import { numberEncodingOption } from '../number-encoding-option.js';
import { Option, type Command } from 'commander';
import { ARCHITECTURES, DEFAULT_ARCHITECTURE, type Architecture } from '../../src/model-directory/architecture.js';
import { UsageError } from '../../src/errors.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { DEFAULT_LISTWISE_WEIGHT } from '../../training/task/index.js';
import { runEvaluate, runTrain, type TrainFlags, type TrainingFlags } from '../../workflows/train-and-register.js';
import { backendOption, nonNegativeInteger, positiveInteger } from '../options.js';

function architectureList(text: string): Architecture[] {
  const list = text === '' || text === 'none' ? [] : text.split(',').map((s) => s.trim());
  for (const a of list)
    if (!(ARCHITECTURES as readonly string[]).includes(a)) throw new UsageError(`unknown architecture "${a}": expected ${ARCHITECTURES.join(', ')}`);
  return list as Architecture[];
}

function positiveNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`expected a positive number, got "${text}"`);
  return n;
}

function nonNegativeNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`expected a number of 0 or more, got "${text}"`);
  return n;
}

function shareOfOne(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new UsageError(`expected a share in (0, 1], got "${text}"`);
  return n;
}

function addTrainingOptions(command: Command): Command {
  return command
    .requiredOption('--samples <file>', 'labelled wide table (wealthrec features build), covering the training and test days')
    .addOption(new Option('--arch <architecture>', 'the candidate model').choices(ARCHITECTURES).default(DEFAULT_ARCHITECTURE))
    .option('--ablation <list>', 'architectures trained beside it for the ablation (logistic regression always is, as a baseline)', architectureList, [
      'dcn',
    ] as Architecture[])
    .addOption(
      new Option('--mode <mode>', 'sliced: a model per test day; once: one model before the first test day').choices(['sliced', 'once']).default('sliced'),
    )
    .option('--test-days <n>', 'the last n days are test days', positiveInteger, 10)
    .option('--validation-days <n>', 'days before each test day that stop training early', positiveInteger, 3)
    .option('--train-days <n>', 'days of occasions before the validation days to train on (default: all)', positiveInteger)
    .option('--seed <n>', 'seed of initial weights and shuffling', nonNegativeInteger, 7)
    .option('--epochs <n>', 'most epochs (early stopping usually ends sooner)', positiveInteger, DEFAULT_FIT_OPTIONS.maxEpochs)
    .option('--batch-size <n>', 'rows per gradient step', positiveInteger, DEFAULT_FIT_OPTIONS.batchSize)
    .option('--learning-rate <x>', 'Adam learning rate', positiveNumber, DEFAULT_FIT_OPTIONS.learningRate)
    .option('--patience <n>', 'epochs without a better validation loss before stopping', positiveInteger, DEFAULT_FIT_OPTIONS.patience)
    .option('--negative-rate <x>', 'share of non-bought rows each epoch trains on, reweighted (1: all)', shareOfOne, 1)
    .option(
      '--listwise-weight <x>',
      "weight of the listwise softmax over each occasion's products beside the pointwise loss (0: pointwise only; above 0 trains in one thread on every row)",
      nonNegativeNumber,
      DEFAULT_LISTWISE_WEIGHT,
    )
    .option('--workers <n>', 'threads sharing each batch (wasm uses one core per thread)', positiveInteger, 1)
    .addOption(numberEncodingOption())
    .addOption(backendOption())
    .option('--oracle <dir>', "the synthetic bank's oracle folder, scored beside the models")
    .option('--models <dir>', 'model registry (default: $WEALTHREC_MODELS or ./models); its champion is compared')
    .option('--report <dir>', 'write report.html, report.md and metrics.json there')
    .option('--predictions <file>', 'write every test row with its label and scores as CSV');
}

export function register(program: Command): void {
  addTrainingOptions(
    program.command('evaluate').description('time-sliced offline evaluation: models, ablation, baselines and oracle on the last test days'),
  ).action(async (flags: TrainingFlags) => {
    await runEvaluate(flags);
  });

  addTrainingOptions(program.command('train').description('evaluate, then train the serving model on all the samples and register it'))
    .option('--no-evaluate', 'skip the time-sliced evaluation (no report, no metrics in the registry)')
    .option('--promote', 'make the new model the champion that serving follows')
    .action(async (flags: TrainFlags) => {
      await runTrain(flags);
    });
}
