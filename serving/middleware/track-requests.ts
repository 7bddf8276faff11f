/** Counts and times every request Express answers, under its route template (on close, so an aborted one is counted too). */
import type { NextFunction, Request, Response } from 'express';
import { routeTemplate } from '../route-template.js';
import type { ServiceMetrics } from '../service-metrics.js';

export interface TrackRequestsOptions {
  /** Where to count: the same metrics the fast path counts in. */
  metrics: ServiceMetrics;
}

export function trackRequests(options: TrackRequestsOptions) {
  return function trackRequest(req: Request, res: Response, next: NextFunction): void {
    const start = process.hrtime.bigint();
    options.metrics.inFlight.inc();
    res.once('close', () => {
      options.metrics.inFlight.dec();
      options.metrics.observe(req.method, routeTemplate(req), res.statusCode, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}
