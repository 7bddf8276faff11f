/**
 * Indexes that make the change feed cheap: every bank row carries `import_run_id`, the import that
 * last changed its values, so "what did runs R change" is an indexed read of the tables whose rows
 * change what serving answers today (customers' risk levels and accounts, purchases, opt-outs,
 * products on sale). Deposits, loans, salaries and contacts change features, which wait for the
 * nightly snapshot.
 */
import type { Knex } from 'knex';

export const CHANGE_FEED_TABLES = ['customers', 'purchases', 'opt_outs', 'products'] as const;

export async function up(knex: Knex): Promise<void> {
  for (const table of CHANGE_FEED_TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.index(['import_run_id'], `${table}_import_run`);
    });
  }
  await knex.schema.alterTable('import_runs', (t) => {
    t.index(['status', 'id'], 'import_runs_status_id');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of CHANGE_FEED_TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.dropIndex(['import_run_id'], `${table}_import_run`);
    });
  }
  await knex.schema.alterTable('import_runs', (t) => {
    t.dropIndex(['status', 'id'], 'import_runs_status_id');
  });
}
