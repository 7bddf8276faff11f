/** Applies the schema migrations; the list is static so it works from TypeScript and from dist/. */
import type { Knex } from 'knex';
import * as bankTables from './migrations/001_bank_tables.js';
import * as projectTables from './migrations/002_project_tables.js';
import * as changeFeedIndexes from './migrations/003_change_feed_indexes.js';
import * as importRunOwners from './migrations/004_import_run_owners.js';
import * as dataRights from './migrations/005_data_rights.js';
import * as experiments from './migrations/006_experiments.js';
import * as campaignSends from './migrations/007_campaign_sends.js';

const MIGRATIONS: Record<string, Knex.Migration> = {
  '001_bank_tables': bankTables,
  '002_project_tables': projectTables,
  '003_change_feed_indexes': changeFeedIndexes,
  '004_import_run_owners': importRunOwners,
  '005_data_rights': dataRights,
  '006_experiments': experiments,
  '007_campaign_sends': campaignSends,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};

/** Brings the database to the latest schema; returns the names of migrations applied now. */
export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource: source, tableName: 'wealthrec_migrations' })) as [number, string[]];
  return applied;
}
