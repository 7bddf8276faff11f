/**
 * One access line per request (pino-http) with the request id, method, status, time and route
 * template: never the URL (it holds the customer id) nor the headers (they hold the API key).
 */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { assignRequestId } from '../request-id.js';
import { routeTemplate } from '../route-template.js';

export interface RequestLoggingOptions {
  /** The logger whose child each request's `req.log` is. */
  logger: Logger;
}

export function requestLogging(options: RequestLoggingOptions) {
  const logging = pinoHttp({
    logger: options.logger,
    genReqId: assignRequestId,
    // The route template is known only once routed, so it is added to the completion line.
    serializers: {
      req: (req: { id: unknown; method: string }) => ({ id: req.id, method: req.method }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customSuccessObject: (req, _res, line) => ({ ...line, route: routeTemplate(req as Request) }),
    // A 5xx without an exception gets a made-up Error with a stack from pino-http: keep only real ones.
    customErrorObject: (req, res, error, line) => ({
      ...line,
      err: (res as Response & { err?: unknown }).err ?? (error.message.startsWith('failed with status code') ? undefined : error),
      route: routeTemplate(req as Request),
    }),
    // 503 is expected while starting or shutting down, or for an export the server cannot run; any other 5xx is a fault.
    customLogLevel: (_req, res, err) => (err || (res.statusCode >= 500 && res.statusCode !== 503) ? 'error' : res.statusCode === 503 ? 'warn' : 'info'),
  });
  return function logRequest(req: Request, res: Response, next: () => void): void {
    logging(req, res, next);
  };
}
