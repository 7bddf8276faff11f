/** SMS campaigns: launch-day messages to a random 1-3 % of eligible customers, answered or not within 7 days. */

import type { DayNumber } from '../src/domain/dates.js';
import { mayBuy } from '../src/domain/eligibility.js';
import type { Calendar } from './calendar.js';
import type { CsvFile } from './csv-writer.js';
import type { CustomerState } from './customer-state.js';
import type { CustomerProfile } from './customers.js';
import type { SynthProduct } from './product.js';
import type { Rng } from '../src/random.js';
import { contactRow } from './rows.js';

/** A purchase within this many days of the contact counts as a response. */
export const RESPONSE_DAYS = 7;

/** First day the customer may no longer be sent SMS (an `sms` or `all` opt-out); Infinity when never. */
export function smsBlockedFrom(profile: CustomerProfile): DayNumber {
  const o = profile.optOut;
  return o && (o.channel === 'sms' || o.channel === 'all') ? o.day : Infinity;
}

/** Sends today's campaign messages that reach this customer. */
export function runCampaigns(
  profile: CustomerProfile,
  state: CustomerState,
  products: readonly SynthProduct[],
  launches: Int32Array,
  rng: Rng,
  day: DayNumber,
): void {
  const standing = { riskLevel: profile.riskLevel, earlierPurchases: state.purchases };
  for (let k = 0; k < launches.length; k++) {
    const p = products[launches[k]];
    if (!mayBuy(standing, p) || !rng.chance(p.smsRate)) continue;
    state.pending.push({ product: p.index, day, responded: false });
    state.lastContactDay = day;
  }
}

/** Marks the waiting contacts for a product as answered; true when there was one. */
export function recordResponse(state: CustomerState, product: number): boolean {
  let found = false;
  for (const c of state.pending) {
    if (c.product === product) {
      c.responded = true;
      found = true;
    }
  }
  return found;
}

/**
 * Writes the contacts whose response window closed before `day` (all of them when `day` is
 * Infinity): whether a contact was answered is only known 7 days later, so contacts wait in the
 * customer's state until then.
 */
export function settleContacts(
  customerId: string,
  state: CustomerState,
  products: readonly SynthProduct[],
  cal: Calendar,
  file: CsvFile,
  day: DayNumber,
): void {
  const pending = state.pending;
  let kept = 0;
  for (let k = 0; k < pending.length; k++) {
    const c = pending[k];
    if (c.day + RESPONSE_DAYS < day) file.push(contactRow(customerId, products[c.product].id, cal.label(c.day), 'sms', c.responded));
    else pending[kept++] = c;
  }
  pending.length = kept;
}
