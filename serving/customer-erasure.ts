/**
 * DELETE /v1/customers/{id} (scope admin): the erasure `wealthrec customer erase` makes, from the
 * server. The customer's rows are deleted and the erasure recorded under their pseudonym
 * (src/bank/erase-customer.ts), the lists in the server's exports folder are pseudonymised, and the
 * served set applies the erasure at once rather than at its next change-feed poll.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import { eraseCustomer } from '../src/bank/erase-customer.js';
import { withDeadline } from '../src/deadline.js';
import { log } from '../src/log.js';
import type { erasure } from './api-schemas.js';
import { pseudonymiseLists } from './campaign/pseudonymise-lists.js';
import type { LiveServingState } from './serving-state.js';

export type ErasureAnswer = z.infer<typeof erasure>;

export interface CustomerErasure {
  /** Rejects with UnknownCustomerIdError (404) for an id the bank never had. */
  erase(customerId: string, requestedBy: string): Promise<ErasureAnswer>;
}

/** How long the answer waits for the served set to drop the customer; past it, the next poll does. */
const APPLY_WITHIN_MS = 3000;

export function createCustomerErasure(config: { knex: Knex; exportsDir: string; state: Pick<LiveServingState, 'applyChanges'> }): CustomerErasure {
  return {
    async erase(customerId, requestedBy) {
      const erasure = await eraseCustomer(config.knex, customerId, requestedBy);
      const listsPseudonymised = await pseudonymiseLists(config.knex, customerId, erasure.subject, [config.exportsDir]);
      let droppedFromAnswers = false;
      try {
        await withDeadline(config.state.applyChanges(), APPLY_WITHIN_MS, () => new Error(`not applied within ${APPLY_WITHIN_MS} ms`));
        droppedFromAnswers = true;
      } catch (err) {
        log.error({ err }, 'the erasure is committed, but the served set could not apply it now: its next change-feed poll will');
      }
      return {
        erasedNow: erasure.erasedNow,
        pseudonym: erasure.subject,
        erasedAt: erasure.erasedAt,
        rowsDeleted: erasure.rowsDeleted,
        listsPseudonymised,
        droppedFromAnswers,
      };
    },
  };
}
