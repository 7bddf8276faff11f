/**
 * The campaign report's past lists: every exported list with its send and, once its window has
 * closed, its buyers against the buyers its scores expected (the list's calibration), as rows the
 * Markdown and HTML pages both print.
 */
import type { PastCampaign } from '../../serving/campaign/past-campaigns.js';

export const PAST_LIST_COLUMNS = ['list', 'product', 'channel', 'as of', 'rows', 'sent', 'window', 'buyers', 'expected', 'actual / expected'] as const;

export function pastListCells(p: PastCampaign): string[] {
  const r = p.results;
  const status = !r ? 'not recorded as sent' : r.closed ? `${r.windowDays} days, closed` : `${r.windowDays} days, open until ${r.closesOn}`;
  const buyers = r?.buyers;
  return [
    String(p.auditId),
    p.productId,
    p.channel,
    p.asOf,
    p.rows.toLocaleString('en'),
    p.sent ? `${p.sent.day} (${p.sent.messages.toLocaleString('en')})` : '-',
    status,
    buyers === undefined ? '-' : buyers.toLocaleString('en'),
    (r?.expectedBuyers ?? p.expectedBuyers).toFixed(1),
    buyers === undefined || !r || r.expectedBuyers <= 0 ? '-' : (buyers / r.expectedBuyers).toFixed(2),
  ];
}

export const PAST_LISTS_NOTE =
  'Expected: the sum of the scores of the messages as sent (P(buys the product within the horizon)); buyers: those of them who bought it within the window. A ratio near 1 means the list was calibrated.';
