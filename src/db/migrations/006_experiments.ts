/**
 * A/B experiments of recommendation policies and the impression log. Both live in the bank database
 * so that every server replica assigns customers alike and writes to one log.
 */
import type { Knex } from 'knex';
import { ID_LENGTH } from '../../bank/tables.js';

/** Binary collation on MySQL/MariaDB so that names and ids compare exactly, as they do in SQLite. */
function exactStrings(knex: Knex, t: Knex.CreateTableBuilder): void {
  if (knex.client.config.client !== 'mysql2') return;
  t.charset('utf8mb4');
  t.collate('utf8mb4_bin');
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('experiments', (t) => {
    exactStrings(knex, t);
    // A name is never reused: the impressions of a stopped experiment keep naming it.
    t.string('name', 64).primary();
    t.string('salt', 64).notNullable();
    t.text('arms').notNullable(); // JSON: [{ arm, weight, policy }] in the order given (the first is the reference)
    t.string('started_at', 32).notNullable(); // ISO-8601 UTC instant
    t.integer('started_day').notNullable();
    t.string('stopped_at', 32).nullable();
    t.integer('stopped_day').nullable();
    t.string('started_by', 128).notNullable();
  });
  await knex.schema.createTable('impressions', (t) => {
    exactStrings(knex, t);
    t.bigIncrements('id').primary();
    t.string('served_at', 32).notNullable(); // ISO-8601 UTC instant
    t.integer('served_day').notNullable(); // bank day the list was for
    t.string('customer_id', ID_LENGTH).notNullable();
    t.string('experiment', 64).nullable();
    t.string('arm', 64).nullable();
    t.string('model_version', 128).notNullable();
    t.text('items').notNullable(); // JSON: [{ productId, rank, score }]
    t.index(['experiment', 'served_day'], 'impressions_experiment_day');
    t.index(['customer_id', 'served_day'], 'impressions_customer_day');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('impressions');
  await knex.schema.dropTableIfExists('experiments');
}
