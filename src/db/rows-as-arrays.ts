/**
 * Runs a knex query and returns its rows as arrays in select order: the feature reader and serving fetch
 * millions of rows, and one object per row was most of its time (bench/features-build.ts).
 * SQLite: better-sqlite3's raw mode on knex's connection; MySQL: mysql2's rowsAsArray.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Knex } from 'knex';
import { dialectOf } from './connect.js';

export async function rowsAsArrays(knex: Knex, query: Knex.QueryBuilder): Promise<unknown[][]> {
  if (dialectOf(knex) === 'mysql') return (await query.options({ rowsAsArray: true })) as unknown as unknown[][];
  const { sql, bindings } = query.toSQL().toNative();
  const db = (await knex.client.acquireConnection()) as Database;
  try {
    return prepared(db, sql).all(...(bindings as unknown[])) as unknown[][];
  } finally {
    knex.client.releaseConnection(db);
  }
}

/** Compiled statements by connection and SQL text: the same few queries run for every customer a server computes on request. */
const statements = new WeakMap<Database, Map<string, Statement>>();
const MAX_STATEMENTS = 256;

function prepared(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    // IN lists of other lengths are other texts: a bounded cache, so a bulk build cannot fill memory with them.
    if (cache.size >= MAX_STATEMENTS) cache.clear();
    statement = db.prepare(sql).raw(true);
    cache.set(sql, statement);
  }
  return statement;
}
