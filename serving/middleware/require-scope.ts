/** A route's scope (api-scopes.ts): a key that does not hold it gets 403 `forbidden`, before the request is looked at. */
import type { NextFunction, Request, Response } from 'express';
import type { ApiKeyHolder } from '../api-keys.js';
import type { ApiScope } from '../api-scopes.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';

export interface RequireScopeOptions {
  /** The scope the route needs. */
  scope: ApiScope;
}

export function requireScope(options: RequireScopeOptions) {
  return function checkScope(_req: Request, res: Response, next: NextFunction): void {
    const holder = res.locals.apiKey as ApiKeyHolder | undefined;
    // Mounted behind requireApiKey: no holder here means the route was mounted without it, and no key is no entry.
    if (!holder) throw new UnauthorizedError();
    if (!holder.scopes.has(options.scope)) throw new ForbiddenError(`this API key does not hold the scope "${options.scope}" this route needs`);
    next();
  };
}
