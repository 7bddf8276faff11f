/**
 * The route a request matched, as its template (`/v1/customers/:customerId/recommendations`), for
 * metric labels and access logs: never the path, which may hold a customer id.
 */
import type { Request } from 'express';

/** A request that matched no route is `unmatched`: its path may hold anything, an id included. */
export function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}
