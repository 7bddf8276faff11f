/**
 * Requests per second per API key (express-rate-limit), counted in a store the fast path shares, so
 * a key has one count whichever way its requests are answered. Over the limit: a RateLimitedError,
 * answered 429 with Retry-After by the error middleware.
 */
import type { NextFunction, Request, Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { RateLimitedError } from '../errors.js';

export interface RateLimitOptions {
  /** Requests per second allowed to one key. */
  limit: number;
  /** The count per key, shared with the fast path. */
  store: Store;
}

export function rateLimitPerKey(options: RateLimitOptions) {
  const limiter = rateLimit({
    windowMs: 1000,
    limit: options.limit,
    store: options.store,
    keyGenerator: (_req, res) => res.locals.apiKeyId as string,
    // No RateLimit headers on every answer (the fast path writes none either); Retry-After on a 429.
    standardHeaders: false,
    legacyHeaders: false,
    handler: (req, _res, next) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      next(new RateLimitedError(Math.max(0, Math.ceil(((resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000))));
    },
  });
  // Returned, so that Express 5 answers a rejection of the limiter's store through the error middleware.
  return function limitRate(req: Request, res: Response, next: NextFunction): unknown {
    return limiter(req, res, next);
  };
}
