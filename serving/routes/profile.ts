/** GET /v1/customers/{id}/profile: the customer's row of the profile table given to serve --profiles. */
import { Router } from 'express';
import { customerId } from '../api-schemas.js';
import type { CustomerProfiles } from '../customer-profiles.js';
import { NotConfiguredError, UnknownCustomerError } from '../errors.js';
import { validate } from '../validate.js';

export interface ProfileRoutesOptions {
  /** Absent when the server was started without --profiles: the route answers 503 `not_configured`. */
  profiles?: CustomerProfiles;
}

export function profileRoutes(options: ProfileRoutesOptions): Router {
  const router = Router();
  router.get('/v1/customers/:customerId/profile', (req, res) => {
    const id = validate(customerId, req.params.customerId, 'customerId');
    if (!options.profiles) throw new NotConfiguredError('no profile table is loaded on this server (serve --profiles)');
    const profile = options.profiles.get(id);
    if (!profile) throw new UnknownCustomerError(`no profile for this customer in the table as of ${options.profiles.meta.asOf}`);
    res.json(profile);
  });
  return router;
}
