/**
 * Pseudonyms for customers in records that must outlive their data (an erasure, an export's audit):
 * an HMAC-SHA256 of the id under a key kept in the database, so the same id always gives the same
 * pseudonym (erasing twice is found out) but an id cannot be read back from one, nor guessed by
 * hashing candidate ids without the key. The key is made on first use.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

const KEY_SETTING = 'pseudonym_key';

export type Pseudonymise = (customerId: string) => string;

/** The bank's pseudonym function, creating its key the first time (in one statement, so two processes agree). */
export async function pseudonymiser(knex: Knex): Promise<Pseudonymise> {
  let row = await knex('wealthrec_settings').where('name', KEY_SETTING).first('value');
  if (!row) {
    await knex('wealthrec_settings')
      .insert({ name: KEY_SETTING, value: randomBytes(32).toString('hex') })
      .onConflict('name')
      .ignore();
    row = await knex('wealthrec_settings').where('name', KEY_SETTING).first('value');
  }
  const key = Buffer.from(String(row.value), 'hex');
  return (customerId) => `p-${createHmac('sha256', key).update(customerId, 'utf8').digest('hex').slice(0, 32)}`;
}
