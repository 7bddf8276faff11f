/** `wealthrec value train`: evaluates the customer value model on time slices, then trains, registers and (optionally) promotes it. */
import { Option, type Command } from 'commander';
import { runValueTrain } from '../../workflows/train-customer-day-model.js';
import { registerCustomerDayTrain } from '../customer-day-train-command.js';
import { VALUE_NUMBER_ENCODING } from '../../training/value/value-data.js';

export function register(program: Command): void {
  registerCustomerDayTrain(program, {
    kind: 'value',
    description: 'the customer value model: how many yuan will the customer buy in the next 30 or 90 days?',
    trainDescription: 'evaluate on time slices against the naive forecast, then train on every day of the value table and register the model',
    modelOption: new Option('--loss <loss>', 'what the registered model minimises: absolute error (a median forecast) or squared error (a mean)')
      .choices(['absolute', 'squared'])
      .default('absolute'),
    numberEncoding: VALUE_NUMBER_ENCODING,
    reportFiles: 'value-report.md (with the segment table) and value-metrics.json',
    championUse: 'profiles use',
    run: runValueTrain,
  });
}
