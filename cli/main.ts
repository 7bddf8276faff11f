#!/usr/bin/env node
/**
 * The `wealthrec` command: parses arguments, calls one function per command, maps errors to exit
 * codes. Only the command named on the line is loaded, so `wealthrec serve` never loads the training
 * code; help without a command loads them all.
 */
import { Command, CommanderError } from 'commander';
import { WealthrecError } from '../src/errors.js';

type CommandModule = { register(program: Command): void };

/** After a failed command, the longest the process may take to exit on its own. */
const EXIT_GRACE_MS = 3000;

/** Each top-level command and the module that declares it (train.js declares `evaluate` and `train`). */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  campaign: () => import('./commands/campaign.js'),
  customer: () => import('./commands/customer.js'),
  demand: () => import('./commands/demand.js'),
  demo: () => import('./commands/demo.js'),
  experiment: () => import('./commands/experiment.js'),
  features: () => import('./commands/features.js'),
  generate: () => import('./commands/generate.js'),
  import: () => import('./commands/import.js'),
  keys: () => import('./commands/keys.js'),
  migrate: () => import('./commands/migrate.js'),
  models: () => import('./commands/models.js'),
  openapi: () => import('./commands/openapi.js'),
  serve: () => import('./commands/serve.js'),
  evaluate: () => import('./commands/train.js'),
  train: () => import('./commands/train.js'),
  profile: () => import('./commands/profile.js'),
  segments: () => import('./commands/segments.js'),
  value: () => import('./commands/value.js'),
};

async function registerCommands(program: Command, name: string | undefined): Promise<void> {
  const wanted = name !== undefined && name in COMMANDS ? [COMMANDS[name]] : Object.values(COMMANDS);
  const modules = new Set(await Promise.all(wanted.map((load) => load())));
  for (const module of modules) module.register(program);
}

const program = new Command('wealthrec').description('recommends wealth-management products (理财) to bank customers').exitOverride().showHelpAfterError();

try {
  await registerCommands(program, process.argv[2]);
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
  // The command cleaned up what it opened; should anything still hold the event loop (a pool, a
  // timer), the process exits with its code all the same, seconds later, instead of hanging.
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}
