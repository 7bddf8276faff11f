/**
 * Writes a batch of impression rows. Written by hand rather than through knex's insert builder: the
 * server writes a row per answer, and the builder's per-row work (key sorting, value normalising)
 * made most of the log's cost on the event loop (bench/serving-load.ts, the experiment run). SQLite:
 * one compiled statement run per row inside one transaction on knex's connection; MySQL/MariaDB: one
 * multi-row INSERT with placeholders.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Knex } from 'knex';
import type { Connection as MysqlConnection } from 'mysql2';
import { dialectOf } from '../../src/db/connect.js';

export const IMPRESSION_COLUMNS = ['served_at', 'served_day', 'customer_id', 'experiment', 'arm', 'model_version', 'items'] as const;
export type ImpressionRow = [
  servedAt: string,
  servedDay: number,
  customerId: string,
  experiment: string | null,
  arm: string | null,
  modelVersion: string,
  items: string,
];

const INSERT = `insert into impressions (${IMPRESSION_COLUMNS.join(', ')}) values `;
const PLACEHOLDERS = `(${IMPRESSION_COLUMNS.map(() => '?').join(', ')})`;

const sqliteInserts = new WeakMap<Database, (rows: readonly ImpressionRow[]) => void>();

export async function insertImpressions(knex: Knex, rows: readonly ImpressionRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (dialectOf(knex) === 'mysql') {
    const conn = (await knex.client.acquireConnection()) as MysqlConnection;
    try {
      // A prepared statement (binary protocol): values are sent as they are, not escaped into the SQL text.
      await new Promise<void>((resolve, reject) =>
        conn.execute(INSERT + rows.map(() => PLACEHOLDERS).join(', '), rows.flat(), (err) => (err ? reject(err) : resolve())),
      );
    } finally {
      knex.client.releaseConnection(conn);
    }
    return;
  }
  const db = (await knex.client.acquireConnection()) as Database;
  try {
    let insert = sqliteInserts.get(db);
    if (!insert) {
      const statement: Statement = db.prepare(INSERT + PLACEHOLDERS);
      insert = db.transaction((batch: readonly ImpressionRow[]) => {
        for (const row of batch) statement.run(row);
      });
      sqliteInserts.set(db, insert);
    }
    insert(rows);
  } finally {
    knex.client.releaseConnection(db);
  }
}
