/**
 * Runs a knex query and returns its rows as arrays in select order: the feature reader and serving fetch
 * millions of rows, and one object per row was most of its time (bench/features-build.ts).
 * SQLite: better-sqlite3's raw mode on knex's connection; MySQL: mysql2's rowsAsArray.
 */
import type { Database } from 'better-sqlite3';
import type { Knex } from 'knex';
import { dialectOf } from './connect.js';

export async function rowsAsArrays(knex: Knex, query: Knex.QueryBuilder): Promise<unknown[][]> {
  if (dialectOf(knex) === 'mysql') return (await query.options({ rowsAsArray: true })) as unknown as unknown[][];
  const { sql, bindings } = query.toSQL().toNative();
  const db = (await knex.client.acquireConnection()) as Database;
  try {
    return db
      .prepare(sql)
      .raw(true)
      .all(...(bindings as unknown[])) as unknown[][];
  } finally {
    knex.client.releaseConnection(db);
  }
}
