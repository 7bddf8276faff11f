/** `wealthrec migrate`: brings the database schema up to date (every command also does this first). */
import type { Command } from 'commander';
import { dbOption } from '../options.js';
import { withDatabase } from '../../src/db/with-database.js';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('create or upgrade the database schema')
    .addOption(dbOption())
    .action(async (opts: { db?: string }) => {
      await withDatabase(opts.db, async (_knex, target) => console.log(`schema up to date: ${target.display}`));
    });
}
