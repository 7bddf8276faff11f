#!/usr/bin/env node
/** The `wealthrec` command: parses arguments, calls one function per command, maps errors to exit codes. */
import { Command, CommanderError } from 'commander';
import { WealthrecError } from '../errors.js';
import { registerCampaign } from './commands/campaign.js';
import { registerDemand } from './commands/demand.js';
import { registerProfile } from './commands/profile.js';
import { registerValue } from './commands/value.js';
import { registerDemo } from './commands/demo.js';
import { registerFeatures } from './commands/features.js';
import { registerGenerate } from './commands/generate.js';
import { registerImport } from './commands/import.js';
import { registerMigrate } from './commands/migrate.js';
import { registerModels } from './commands/models.js';
import { registerServe } from './commands/serve.js';
import { registerTraining } from './commands/train.js';

const program = new Command('wealthrec')
  .description('recommends wealth-management products (理财) to bank customers')
  .exitOverride()
  .showHelpAfterError();
registerCampaign(program);
registerDemand(program);
registerDemo(program);
registerFeatures(program);
registerGenerate(program);
registerImport(program);
registerMigrate(program);
registerModels(program);
registerServe(program);
registerTraining(program);
registerProfile(program);
registerValue(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof WealthrecError) {
    console.error(`wealthrec: ${err.message}`);
    process.exitCode = err.exitCode;
  } else {
    console.error('wealthrec: unexpected error:', err);
    process.exitCode = 3;
  }
}
