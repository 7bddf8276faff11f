/**
 * Who a campaign must leave out, read from the bank's tables: customers who opted out of the
 * channel (or of all marketing), and customers contacted on any channel within the frequency cap:
 * on or after as-of day - capDays, including contacts already recorded for the day itself or later.
 * An opt-out is honoured whatever its date: a refusal recorded for a later day is still a refusal.
 */
import type { Knex } from 'knex';
import type { DayNumber } from '../../src/domain/dates.js';

export interface Exclusions {
  optedOut: Set<string>;
  recentlyContacted: Set<string>;
}

export async function loadExclusions(knex: Knex, channel: string, asOf: DayNumber, capDays: number): Promise<Exclusions> {
  const optedOut = new Set<string>((await knex('opt_outs').distinct('customer_id').whereIn('channel', [channel, 'all'])).map((r) => r.customer_id as string));
  const recentlyContacted = new Set<string>();
  if (capDays > 0) {
    const rows = await knex('contacts')
      .distinct('customer_id')
      .where('contacted_day', '>=', asOf - capDays);
    for (const r of rows) recentlyContacted.add(r.customer_id as string);
  }
  return { optedOut, recentlyContacted };
}
