/**
 * Erases a customer from the bank's tables (PIPL art. 47, GDPR art. 17), in one transaction: every
 * row of theirs is deleted, and the erasure is recorded under a pseudonym (customer_erasures and
 * audit_log), never the id. Erasing again is found out by the pseudonym and changes nothing; an id
 * the bank never had is refused. The snapshot and profile table drop the customer at their next
 * build; a running server drops them at its next change-feed poll (serving/live/change-feed.ts).
 */
import type { Knex } from 'knex';
import { pseudonymiser } from '../db/pseudonym.js';
import { WealthrecError, type ApiErrorCode } from '../errors.js';

/**
 * Children first: nothing may refer to a customer row already gone. campaign_sends: the lists they
 * were sent (migration 007); impressions: the lists they were served (migration 006).
 */
const CUSTOMER_TABLES = ['purchases', 'deposits', 'loans', 'salaries', 'contacts', 'campaign_sends', 'impressions', 'opt_outs', 'customers'] as const;

export const ERASE_ACTION = 'customer.erase';

/** The id is not the bank's (and never was: an erased customer is answered as such). */
export class UnknownCustomerIdError extends WealthrecError {
  override readonly exitCode = 1;
  override readonly httpStatus = 404;
  override get code(): ApiErrorCode {
    return 'unknown_customer';
  }
}

export interface Erasure {
  /** The pseudonym the erasure is recorded under. */
  subject: string;
  /** True when this call erased; false when the customer had been erased before. */
  erasedNow: boolean;
  erasedAt: string;
  rowsDeleted: Record<string, number>;
}

export async function eraseCustomer(knex: Knex, customerId: string, requestedBy: string): Promise<Erasure> {
  const subject = (await pseudonymiser(knex))(customerId);
  return knex.transaction(async (trx) => {
    const earlier = await trx('customer_erasures').where('subject', subject).first();
    const exists = await trx('customers').where('customer_id', customerId).first('customer_id');
    if (!exists) {
      if (earlier) return { subject, erasedNow: false, erasedAt: String(earlier.erased_at), rowsDeleted: JSON.parse(earlier.rows_deleted) };
      throw new UnknownCustomerIdError(`no customer with this id: the bank has none, and has erased none under it (pseudonym ${subject})`);
    }
    const rowsDeleted: Record<string, number> = {};
    for (const table of CUSTOMER_TABLES) rowsDeleted[table] = Number(await trx(table).where('customer_id', customerId).delete());
    const erasedAt = new Date().toISOString();
    // A customer erased, then imported again (a new account), then erased: one record, the latest.
    await trx('customer_erasures').where('subject', subject).delete();
    await trx('customer_erasures').insert({ subject, erased_at: erasedAt, requested_by: requestedBy, rows_deleted: JSON.stringify(rowsDeleted) });
    await trx('audit_log').insert({ at: erasedAt, action: ERASE_ACTION, subject, details: JSON.stringify({ rowsDeleted, requestedBy }) });
    return { subject, erasedNow: true, erasedAt, rowsDeleted };
  });
}
