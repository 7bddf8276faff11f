/**
 * The one place an error becomes an answer, `{ error: { code, message } }`: a WealthrecError by its
 * own status and code; a body-parser error by its status (413 too_large, 400 for malformed JSON);
 * anything else, and any WealthrecError of status 500, is a fault of ours: logged with its stack
 * and answered 500 `internal` without its message, which may name server files or data.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { WealthrecError, type ApiErrorCode } from '../../src/errors.js';
import { RateLimitedError } from '../errors.js';

export interface ErrorResponsesOptions {
  /** For faults when the request has no logger of its own (it always has one behind requestLogging). */
  logger: Logger;
}

interface ErrorAnswer {
  status: number;
  code: ApiErrorCode;
  message: string;
}

/** What the caller is told; null for a fault, whose details stay in the log. */
function answerFor(err: unknown): ErrorAnswer | null {
  if (err instanceof WealthrecError) {
    // 503 is a state the caller can wait out or an operator can fix, and its message says which; other 5xx are faults.
    if (err.httpStatus >= 500 && err.httpStatus !== 503) return null;
    return { status: err.httpStatus, code: err.code, message: err.message };
  }
  // Body-parser errors (http-errors) carry their own status.
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: status === 413 ? 'too_large' : 'invalid_request', message: (err as Error).message };
  }
  return null;
}

export function errorResponses(options: ErrorResponsesOptions) {
  return function answerError(err: unknown, req: Request, res: Response, next: NextFunction): void {
    const logger = (req as Request & { log?: Logger }).log ?? options.logger;
    if (res.headersSent) {
      // Part of the answer (a CSV being streamed) is out: no error body can follow; Express cuts the connection.
      logger.error({ err }, 'error after the answer started');
      next(err);
      return;
    }
    const answer = answerFor(err);
    if (!answer) {
      logger.error({ err }, 'unexpected error');
      res.status(500).json({ error: { code: 'internal', message: 'unexpected error' } });
      return;
    }
    if (err instanceof RateLimitedError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    res.status(answer.status).json({ error: { code: answer.code, message: answer.message } });
  };
}
