/** The bank's tables of SCHEMA.md. Dates are day numbers (`_day`), money integer fen (`_fen`). */
import type { Knex } from 'knex';
import { CONTENT_KEY_LENGTH, ID_LENGTH, maxLengthOf, type TableName } from '../../bank/tables.js';

// Every varchar width comes from src/bank/tables.ts, the declaration the import checks cells against.
const ID = ID_LENGTH;
const KEY = CONTENT_KEY_LENGTH;

/** A string column as wide as its declared maxLength. */
function text(t: Knex.CreateTableBuilder, table: TableName, column: string): Knex.ColumnBuilder {
  return t.string(column, maxLengthOf(table, column));
}

let onMysql = false;

/** Binary collation on MySQL/MariaDB so that ids compare exactly, as they do in SQLite. */
function exactStrings(t: Knex.CreateTableBuilder): void {
  if (!onMysql) return;
  t.charset('utf8mb4');
  t.collate('utf8mb4_bin');
}

/** Which import run last changed the row's values: lineage for audits and duplicate checks. */
function lineage(t: Knex.CreateTableBuilder): void {
  t.integer('import_run_id').notNullable();
}

export async function up(knex: Knex): Promise<void> {
  onMysql = knex.client.config.client === 'mysql2';
  await knex.schema.createTable('customers', (t) => {
    exactStrings(t);
    t.string('customer_id', ID).primary();
    text(t, 'customers', 'gender').nullable();
    t.integer('birth_day').nullable();
    t.integer('open_day').notNullable().index('customers_open_day');
    t.tinyint('risk_level').nullable(); // unknown means C1 (SCHEMA.md); kept unknown here
    text(t, 'customers', 'city').nullable();
    lineage(t);
  });

  await knex.schema.createTable('products', (t) => {
    exactStrings(t);
    t.string('product_id', ID).primary();
    text(t, 'products', 'name').notNullable();
    text(t, 'products', 'category').nullable();
    t.tinyint('risk_level').notNullable();
    t.double('expected_yield').nullable(); // a rate in percent, not money
    t.integer('term_days').notNullable();
    t.tinyint('principal_protected').nullable();
    t.bigInteger('min_amount_fen').notNullable();
    t.integer('sale_start_day').notNullable().index('products_sale_start');
    t.integer('sale_end_day').nullable();
    lineage(t);
  });

  await knex.schema.createTable('purchases', (t) => {
    exactStrings(t);
    // `id:<purchase_id>` when the bank sends one, else a hash of the row's content and its occurrence.
    t.string('purchase_key', KEY).primary();
    t.string('purchase_id', ID).nullable().unique('purchases_purchase_id');
    t.string('customer_id', ID).notNullable();
    t.string('product_id', ID).notNullable();
    t.integer('purchase_day').notNullable();
    t.integer('purchase_second').nullable(); // second of the day when a timestamp was given
    t.bigInteger('amount_fen').notNullable();
    text(t, 'purchases', 'channel').nullable();
    lineage(t);
    t.index(['customer_id', 'purchase_day'], 'purchases_customer_day');
    t.index(['product_id', 'purchase_day'], 'purchases_product_day');
    t.index(['purchase_day'], 'purchases_day');
  });

  await knex.schema.createTable('deposits', (t) => {
    exactStrings(t);
    t.string('customer_id', ID).notNullable();
    t.integer('day').notNullable();
    t.bigInteger('demand_balance_fen').notNullable();
    t.bigInteger('time_balance_fen').nullable(); // empty means 0 (SCHEMA.md)
    lineage(t);
    t.primary(['customer_id', 'day']);
  });

  await knex.schema.createTable('loans', (t) => {
    exactStrings(t);
    t.string('customer_id', ID).notNullable();
    t.integer('day').notNullable();
    t.bigInteger('loan_balance_fen').notNullable();
    lineage(t);
    t.primary(['customer_id', 'day']);
  });

  await knex.schema.createTable('salaries', (t) => {
    exactStrings(t);
    t.string('salary_key', KEY).primary();
    t.string('customer_id', ID).notNullable();
    t.integer('pay_day').notNullable();
    t.bigInteger('amount_fen').notNullable();
    lineage(t);
    t.index(['customer_id', 'pay_day'], 'salaries_customer_day');
  });

  await knex.schema.createTable('contacts', (t) => {
    exactStrings(t);
    t.string('contact_key', KEY).primary();
    t.string('customer_id', ID).notNullable();
    t.string('product_id', ID).nullable();
    t.integer('contacted_day').notNullable();
    text(t, 'contacts', 'channel').notNullable();
    t.tinyint('responded').notNullable();
    lineage(t);
    t.index(['customer_id', 'contacted_day'], 'contacts_customer_day');
    t.index(['product_id', 'contacted_day'], 'contacts_product_day');
  });

  await knex.schema.createTable('opt_outs', (t) => {
    exactStrings(t);
    t.string('customer_id', ID).notNullable();
    text(t, 'opt_outs', 'channel').notNullable();
    t.integer('opted_out_day').notNullable();
    lineage(t);
    t.primary(['customer_id', 'channel']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['opt_outs', 'contacts', 'salaries', 'loans', 'deposits', 'purchases', 'products', 'customers']) {
    await knex.schema.dropTableIfExists(table);
  }
}
