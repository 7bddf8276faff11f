/** After every route: what none of them took is a 404 `not_found`, answered by the error middleware like any other error. */
import type { NextFunction, Request, Response } from 'express';
import { RouteNotFoundError } from '../errors.js';

export function routeNotFound() {
  return function noSuchRoute(_req: Request, _res: Response, next: NextFunction): void {
    next(new RouteNotFoundError());
  };
}
