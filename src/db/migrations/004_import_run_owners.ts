/**
 * Who runs an import and when it last showed life, so that a run whose process died (SIGKILL) can be
 * told from one still running and marked `abandoned` by the next import (import/run-liveness.ts).
 * Statuses are now running | committed | rejected | failed | abandoned.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_runs', (t) => {
    t.string('heartbeat_at', 32).nullable(); // ISO-8601 UTC instant; renewed while a MariaDB import runs
    t.string('owner_space', 96).nullable(); // boot id / pid namespace in which owner_pid names the process
    t.integer('owner_pid').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_runs', (t) => {
    t.dropColumn('owner_pid');
    t.dropColumn('owner_space');
    t.dropColumn('heartbeat_at');
  });
}
