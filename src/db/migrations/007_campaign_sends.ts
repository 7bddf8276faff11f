/**
 * campaign_sends: one row per message of an exported list that was recorded as sent
 * (serving/campaign/record-campaign-sent.ts), as the list had it. A list's results are computed from
 * these rows, never from today's bank: an opt-out or a risk change recorded after the send does not
 * rewrite who was sent what. The customer's rows go with the rest of theirs when they are erased
 * (src/bank/erase-customer.ts).
 */
import type { Knex } from 'knex';
import { ID_LENGTH, maxLengthOf } from '../../bank/tables.js';

export async function up(knex: Knex): Promise<void> {
  const onMysql = knex.client.config.client === 'mysql2';
  await knex.schema.createTable('campaign_sends', (t) => {
    // Binary collation on MySQL/MariaDB, as the bank tables (001): ids compare exactly, as in SQLite.
    if (onMysql) {
      t.charset('utf8mb4');
      t.collate('utf8mb4_bin');
    }
    /** The export's audit_log id: the list the message came from. */
    t.integer('audit_id').notNullable();
    t.string('customer_id', ID_LENGTH).notNullable();
    t.string('product_id', ID_LENGTH).notNullable();
    // As wide as contacts.channel: each send is a contact too.
    t.string('channel', maxLengthOf('contacts', 'channel')).notNullable();
    t.integer('sent_day').notNullable();
    t.integer('list_rank').notNullable();
    // The score as the list file wrote it (6 decimals), in millionths: an integer is exact and the same
    // on both engines, so expected buyers are sums of integers; a float column would not hold the
    // file's value exactly (MariaDB's FLOAT is single precision) and its sums would differ by engine.
    t.integer('score_millionths').notNullable();
    /** The file's decile column: the tenth of all the export's candidates (1 best), not of the list. */
    t.tinyint('decile').notNullable();
    // One message per customer and list; its leftmost column also serves "the rows of list N".
    t.primary(['audit_id', 'customer_id']);
    t.index(['customer_id', 'sent_day'], 'campaign_sends_customer_day');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('campaign_sends');
}
