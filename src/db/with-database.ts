/** Opens the database named by --db / WEALTHREC_DB, migrates it, runs the work, and always closes it. */
import type { Knex } from 'knex';
import { log } from '../log.js';
import { migrateToLatest, openDatabase, rememberDatabaseFile, resolveDbUrl, type DbTarget } from './index.js';

export interface WithDatabaseOptions {
  /** Refuse a SQLite file that does not exist: every command but those that create a bank (import, migrate, the demo). */
  mustExist?: boolean;
}

export async function withDatabase<T>(
  dbFlag: string | undefined,
  work: (knex: Knex, target: DbTarget) => Promise<T>,
  options: WithDatabaseOptions = {},
): Promise<T> {
  const { knex, target } = openDatabase(resolveDbUrl(dbFlag), { mustExist: options.mustExist });
  try {
    const applied = await migrateToLatest(knex);
    if (applied.length > 0) log.info({ db: target.display, applied }, 'migrations applied');
    rememberDatabaseFile(knex);
    return await work(knex, target);
  } finally {
    await knex.destroy();
  }
}
