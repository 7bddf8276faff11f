/** GET /v1/customers/{id}/profile: the customer's row of the profile table given to serve --profiles, with their segment under serve --segments; no query parameter is accepted. */
import { Router } from 'express';
import { customerId, profileQuery } from '../api-schemas.js';
import { ROUTE_SCOPES } from '../api-scopes.js';
import type { CustomerProfiles } from '../customer-profiles.js';
import type { CustomerSegments } from '../customer-segments.js';
import { NotConfiguredError, UnknownCustomerError } from '../errors.js';
import { requireScope } from '../middleware/index.js';
import { validate } from '../validate.js';

export interface ProfileRoutesOptions {
  /** Absent when the server was started without --profiles: the route answers 503 `not_configured`. */
  profiles?: CustomerProfiles;
  /** Absent without --segments: the answer has no `segment`. */
  segments?: CustomerSegments;
}

export function profileRoutes(options: ProfileRoutesOptions): Router {
  const router = Router();
  router.get('/v1/customers/:customerId/profile', requireScope({ scope: ROUTE_SCOPES.getCustomerProfile }), (req, res) => {
    const id = validate(customerId, req.params.customerId, 'customerId');
    validate(profileQuery, req.query, 'query');
    if (!options.profiles) throw new NotConfiguredError('no profile table is loaded on this server (serve --profiles)');
    const profile = options.profiles.get(id);
    if (!profile) throw new UnknownCustomerError(`no profile for this customer in the table as of ${options.profiles.meta.asOf}`);
    res.json(options.segments ? { ...profile, segment: options.segments.get(id) } : profile);
  });
  return router;
}
