/** A fingerprint of the bank data a table was built from: data changes only through committed imports. */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

export async function sourceDataHash(knex: Knex): Promise<string> {
  const runs = await knex('import_runs').select('id', 'finished_at', 'rows_changed').where({ status: 'committed' }).orderBy('id');
  const hash = createHash('sha256');
  for (const r of runs) hash.update(`${r.id}|${r.finished_at}|${r.rows_changed}\n`);
  return hash.digest('hex');
}
