/** Opens the database named by --db / WEALTHREC_DB, migrates it, runs the work, and always closes it. */
import type { Knex } from 'knex';
import { migrateToLatest, openDatabase, resolveDbUrl, type DbTarget } from './index.js';
import { log } from '../log.js';

export async function withDatabase<T>(dbFlag: string | undefined, work: (knex: Knex, target: DbTarget) => Promise<T>): Promise<T> {
  const { knex, target } = openDatabase(resolveDbUrl(dbFlag));
  try {
    const applied = await migrateToLatest(knex);
    if (applied.length > 0) log.info({ db: target.display, applied }, 'migrations applied');
    return await work(knex, target);
  } finally {
    await knex.destroy();
  }
}
