/** The project's own tables: import runs (one row per attempt, kept even when rejected) and an audit log. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_runs', (t) => {
    t.increments('id').primary();
    t.string('started_at', 32).notNullable(); // ISO-8601 UTC instant
    t.string('finished_at', 32).nullable();
    t.string('source', 1024).notNullable();
    t.string('mode', 16).notNullable(); // atomic | quarantine
    t.string('status', 16).notNullable(); // running | committed | rejected | failed (| abandoned, from 004)
    t.integer('as_of_day').nullable();
    t.bigInteger('rows_read').notNullable().defaultTo(0);
    t.bigInteger('rows_changed').notNullable().defaultTo(0);
    t.bigInteger('rows_rejected').notNullable().defaultTo(0);
    t.integer('violations').notNullable().defaultTo(0);
    t.text('summary').nullable(); // JSON: per-table counts, violation counts by reason
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id').primary();
    t.string('at', 32).notNullable();
    t.string('action', 64).notNullable();
    t.string('subject', 255).nullable();
    t.text('details').nullable(); // JSON; never personal data
    t.index(['action', 'at'], 'audit_log_action_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('audit_log');
  await knex.schema.dropTableIfExists('import_runs');
}
