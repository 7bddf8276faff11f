/** `wealthrec demand train`: evaluates the demand model on time slices, then trains, registers and (optionally) promotes it. */
import { Option, type Command } from 'commander';
import { ARCHITECTURES } from '../../src/model-directory/architecture.js';
import { runDemandTrain } from '../../workflows/train-customer-day-model.js';
import { registerCustomerDayTrain } from '../customer-day-train-command.js';

export function register(program: Command): void {
  registerCustomerDayTrain(program, {
    kind: 'demand',
    description: 'the demand model: will the customer buy within H days?',
    trainDescription: 'evaluate on time slices, then train on every day of the demand table and register the model',
    modelOption: new Option('--arch <architecture>', 'the candidate model').choices(ARCHITECTURES).default('mlp'),
    extraOptions: [
      new Option('--no-horizon-features', 'leave out the horizon features (maturities, pay day, calendar inside [d, d + H)), to measure what they add'),
    ],
    reportFiles: 'demand-report.md and demand-metrics.json',
    championUse: 'campaigns use',
    run: runDemandTrain,
  });
}
