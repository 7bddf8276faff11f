/** The server's impression log: what it writes and what it drops counted in /metrics (wealthrec_impressions_total by result). */
import type { Knex } from 'knex';
import type { ServiceMetrics } from '../service-metrics.js';
import { ImpressionLog, type ImpressionLogOptions } from './impression-log.js';

export function meteredImpressionLog(
  knex: Knex,
  metrics: Pick<ServiceMetrics, 'impressions'>,
  options: Omit<ImpressionLogOptions, 'onWritten' | 'onDropped'> = {},
): ImpressionLog {
  return new ImpressionLog(knex, {
    ...options,
    onWritten: (rows) => metrics.impressions.inc({ result: 'written' }, rows),
    onDropped: (rows, reason) => metrics.impressions.inc({ result: reason }, rows),
  });
}
