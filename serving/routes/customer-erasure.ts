/** DELETE /v1/customers/{id}: erase a customer (PIPL art. 47, GDPR art. 17); scope admin. */
import { Router } from 'express';
import { requestedBy, type ApiKeyHolder } from '../api-keys.js';
import { customerId } from '../api-schemas.js';
import { ROUTE_SCOPES } from '../api-scopes.js';
import type { CustomerErasure } from '../customer-erasure.js';
import { NotConfiguredError } from '../errors.js';
import { requireScope } from '../middleware/index.js';
import { validate } from '../validate.js';

export interface CustomerErasureRoutesOptions {
  /** Absent when the server has no erasure wired in: the route answers 503 `not_configured`. */
  erasure?: CustomerErasure;
}

export function customerErasureRoutes(options: CustomerErasureRoutesOptions): Router {
  const router = Router();
  router.delete('/v1/customers/:customerId', requireScope({ scope: ROUTE_SCOPES.eraseCustomer }), async (req, res) => {
    const id = validate(customerId, req.params.customerId, 'customerId');
    if (!options.erasure) throw new NotConfiguredError('customer erasure is not configured on this server');
    const answer = await options.erasure.erase(id, requestedBy(res.locals.apiKey as ApiKeyHolder));
    // The pseudonym only: the id never goes to the logs.
    req.log.info({ pseudonym: answer.pseudonym, erasedNow: answer.erasedNow }, 'customer erased');
    res.json(answer);
  });
  return router;
}
