/**
 * Every /v1 request needs a known X-API-Key. Its holder (a name and scopes, never the key) is kept
 * in `res.locals.apiKey` for the routes' scope checks and audit records, and its name in
 * `res.locals.apiKeyId` for the rate limit's count.
 */
import type { NextFunction, Request, Response } from 'express';
import type { KeyCheck } from '../api-keys.js';
import { UnauthorizedError } from '../errors.js';

export interface ApiKeyOptions {
  /** The key check (api-keys.ts): the holder of the presented key, or null. */
  checkKey: KeyCheck;
}

export function requireApiKey(options: ApiKeyOptions) {
  return function checkApiKey(req: Request, res: Response, next: NextFunction): void {
    const holder = options.checkKey(req.get('x-api-key'));
    if (holder === null) throw new UnauthorizedError();
    res.locals.apiKey = holder;
    res.locals.apiKeyId = holder.name;
    next();
  };
}
