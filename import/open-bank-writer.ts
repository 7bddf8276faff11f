/** Picks the bank writer for the database: a worker thread for a SQLite file, a pooled connection otherwise. */
import type { Knex } from 'knex';
import { dialectOf } from '../src/db/connect.js';
import type { BankWriter } from './bank-writer.js';
import { MysqlBankWriter } from './mysql-writer.js';
import { SqliteBankWriter } from './sqlite-writer.js';
import { SqliteWorkerWriter } from './sqlite-worker-writer.js';

/**
 * A SQLite file is written by a worker thread with its own connection; MySQL and in-memory SQLite
 * through a connection taken out of knex's pool, which goes back on commit or rollback.
 */
export async function openBankWriter(knex: Knex): Promise<BankWriter> {
  const filename = (knex.client.config.connection as { filename?: string } | undefined)?.filename;
  if (dialectOf(knex) === 'sqlite' && filename !== undefined && filename !== ':memory:') return new SqliteWorkerWriter(filename);
  const connection = await knex.client.acquireConnection();
  const release = () => knex.client.releaseConnection(connection);
  return dialectOf(knex) === 'mysql' ? new MysqlBankWriter(connection, release) : new SqliteBankWriter(connection, release);
}
