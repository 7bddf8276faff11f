/**
 * The customer's data rights: a record of every erasure (by pseudonym, never the id: the record
 * outlives the customer's data), and the project's settings, which hold the key pseudonyms are made
 * with.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customer_erasures', (t) => {
    t.increments('id').primary();
    /** HMAC-SHA256 of the customer id under the bank's pseudonym key (src/db/pseudonym.ts). */
    t.string('subject', 80).notNullable().unique('customer_erasures_subject');
    t.string('erased_at', 32).notNullable();
    t.string('requested_by', 128).notNullable();
    t.text('rows_deleted').notNullable(); // JSON: rows per table
  });
  await knex.schema.createTable('wealthrec_settings', (t) => {
    t.string('name', 64).primary();
    t.string('value', 255).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('wealthrec_settings');
  await knex.schema.dropTableIfExists('customer_erasures');
}
