/** Features of the customer's marketing contacts, and of contacts about one product, as of the day. */
import { CONTACT_RESPONSE_DAYS } from '../src/wide-table/feature-set.js';
import type { FeatureValues } from './feature-values.js';
import type { HistoryView } from './point-in-time.js';

export function computeContactFeatures(view: HistoryView, out: FeatureValues): void {
  const { day, responded } = view.contacts;
  const n = day.length;
  let in7 = 0;
  let in30 = 0;
  let answered365 = 0;
  let closed = 0;
  let answered = 0;
  for (let i = 0; i < n; i++) {
    const age = view.asOf - day[i];
    if (age <= 7) in7++;
    if (age <= 30) in30++;
    // The answer exists only once the response window closed before the as-of day (see CONTACT_RESPONSE_DAYS).
    if (day[i] + CONTACT_RESPONSE_DAYS >= view.asOf) continue;
    closed++;
    answered += responded[i];
    if (age <= 365) answered365 += responded[i];
  }
  out.set('contacts_7d', in7);
  out.set('contacts_30d', in30);
  out.set('days_since_contact', n === 0 ? NaN : view.asOf - day[n - 1]);
  out.set('contacts_answered_365d', answered365);
  out.set('contact_response_rate', closed === 0 ? NaN : answered / closed);
}

/** Contacts promoting `product` in the 7 days before: a campaign's message is still fresh. */
export function contactsAboutProduct7d(view: HistoryView, product: number): number {
  const { day, product: promoted } = view.contacts;
  let count = 0;
  for (let i = day.length - 1; i >= 0 && day[i] >= view.asOf - 7; i--) if (promoted[i] === product) count++;
  return count;
}
