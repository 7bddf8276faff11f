/** Every /v1 request needs a known X-API-Key; its label (never the key) is kept in `res.locals.apiKeyId` for the rate limit and audit records. */
import type { NextFunction, Request, Response } from 'express';
import type { KeyCheck } from '../api-keys.js';
import { UnauthorizedError } from '../errors.js';

export interface ApiKeyOptions {
  /** The key check (api-keys.ts): the matching key's label, or null. */
  checkKey: KeyCheck;
}

export function requireApiKey(options: ApiKeyOptions) {
  return function checkApiKey(req: Request, res: Response, next: NextFunction): void {
    const keyId = options.checkKey(req.get('x-api-key'));
    if (keyId === null) throw new UnauthorizedError();
    res.locals.apiKeyId = keyId;
    next();
  };
}
