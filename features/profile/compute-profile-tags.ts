/**
 * A customer's profile tags as of a day, from the history view (rows strictly before the day): the
 * same point-in-time rule as the features, so a tag can feed a model without leaking.
 */
import { aumTier } from '../../src/domain/aum-tier.js';
import { DEMAND_DEPOSIT_MARGIN, productFeeRate, TIME_DEPOSIT_MARGIN } from '../../src/domain/contribution.js';
import { FEN_PER_YUAN } from '../../src/domain/money.js';
import { balanceOn, carryForwardSum } from '../carry-forward.js';
import { termBucket } from '../term-bucket.js';
import type { HistoryView } from '../point-in-time.js';
import type { ProductCatalog } from '../product-catalog.js';
import { channelName, NO_CHANNEL } from '../purchase-channels.js';
import type { HistoryTags } from '../../src/profile-table/profile-tags.js';

const DAYS_PER_YEAR = 365.2425;
export const TERM_BUCKET_NAMES = ['open', '<=1m', '<=3m', '<=6m', '<=1y', '>1y'] as const;

/** Churn signal thresholds (docs/profiles.md). */
export const CHURN = { depositTrendAtMost: -0.3, inactiveDaysOver: 180 } as const;
/** RFM cut points, highest score first: a value at or past the first bound scores 5, the next 4, ... */
export const RFM = {
  recencyDaysAtMost: [30, 90, 180, 365],
  purchasesAtLeast: [12, 6, 3, 1],
  yuanAtLeast: [1_000_000, 300_000, 100_000, 0.01],
} as const;

export function computeProfileTags(view: HistoryView, catalog: ProductCatalog): HistoryTags {
  const c = view.customer;
  const d = view.asOf;
  const { day, product, amountFen, channel } = view.purchases;
  const n = day.length;

  const dep = view.deposits;
  const lastDeposit = dep.day.length - 1;
  const demandFen = lastDeposit < 0 ? 0 : dep.demandFen[lastDeposit];
  const timeFen = lastDeposit < 0 ? 0 : dep.timeFen[lastDeposit];

  // Holdings: fixed-term principal returns on purchase day + term; open-ended (term 0) stays held.
  let heldFen = 0;
  let feeFen = 0;
  let notReinvestedFen = 0;
  for (let i = 0; i < n; i++) {
    const p = catalog.products[product[i]];
    const maturity = day[i] + p.termDays;
    if (p.termDays === 0 || maturity >= d) {
      heldFen += amountFen[i];
      feeFen += amountFen[i] * productFeeRate(p.category);
    } else if (maturity >= d - 90) {
      // Reinvested when any purchase was made on or after the maturity day (and before d).
      if (day[n - 1] < maturity) notReinvestedFen += amountFen[i];
    }
  }
  const aumYuan = (demandFen + timeFen + heldFen) / FEN_PER_YUAN;

  let count365 = 0;
  let fen365 = 0;
  let fen90 = 0;
  for (let i = n - 1; i >= 0 && day[i] >= d - 365; i--) {
    count365++;
    fen365 += amountFen[i];
    if (day[i] >= d - 90) fen90 += amountFen[i];
  }
  const recency = n === 0 ? Infinity : d - day[n - 1];
  const r = n === 0 ? 1 : scoreAtMost(recency, RFM.recencyDaysAtMost);
  const f = scoreAtLeast(count365, RFM.purchasesAtLeast);
  const m = scoreAtLeast(fen365 / FEN_PER_YUAN, RFM.yuanAtLeast);

  const risk = mode(n, (i) => catalog.products[product[i]].riskLevel);
  const term = mode(n, (i) => termBucket(catalog.products[product[i]].termDays));
  const category = mode(n, (i) => catalog.products[product[i]].category);
  const byChannel = mode(n, (i) => (channel[i] === NO_CHANNEL ? null : channel[i]));

  const totals = new Float64Array(dep.day.length);
  for (let i = 0; i < totals.length; i++) totals[i] = dep.demandFen[i] + dep.timeFen[i];
  const avg = (w: number) => {
    const s = carryForwardSum(dep.day, totals, d - w, d - 1);
    return s.days === 0 ? NaN : s.sum / s.days;
  };
  const avg90 = avg(90);
  const trend = avg90 > 0 ? avg(30) / avg90 - 1 : NaN;

  let lastChange = dep.day.length > 0 ? dep.day[0] : -Infinity;
  for (let i = dep.day.length - 1; i > 0; i--) {
    if (totals[i] !== totals[i - 1]) {
      lastChange = dep.day[i];
      break;
    }
  }
  const lastActive = Math.max(lastChange, n > 0 ? day[n - 1] : -Infinity);
  const daysInactive = Number.isFinite(lastActive) ? d - lastActive : NaN;

  const loanNow = balanceOn(view.loans.day, view.loans.balanceFen, d - 1, 0);
  const everLoan = view.loans.balanceFen.some((b) => b > 0);

  const churnSignals = Number(trend <= CHURN.depositTrendAtMost) + Number(notReinvestedFen > 0) + Number(daysInactive > CHURN.inactiveDaysOver);
  return {
    age_band: c.birthDay === null ? null : ageBand(Math.floor((d - c.birthDay) / DAYS_PER_YEAR)),
    tenure_band: tenureBand(d - c.openDay),
    gender: c.gender,
    city: c.city,
    aum_yuan: aumYuan,
    aum_tier: aumTier(aumYuan),
    contribution_yuan_year: (feeFen + demandFen * DEMAND_DEPOSIT_MARGIN + timeFen * TIME_DEPOSIT_MARGIN) / FEN_PER_YUAN,
    purchases_total: n,
    pref_risk: risk ? risk.value : NaN,
    pref_risk_support: risk ? risk.support : NaN,
    pref_term_bucket: term ? TERM_BUCKET_NAMES[term.value] : null,
    pref_term_support: term ? term.support : NaN,
    pref_category: category ? category.value : null,
    pref_category_support: category ? category.support : NaN,
    pref_channel: byChannel ? channelName(byChannel.value) : null,
    pref_channel_support: byChannel ? byChannel.support : NaN,
    rfm_recency: r,
    rfm_frequency: f,
    rfm_monetary: m,
    rfm_code: `${r}${f}${m}`,
    deposit_trend_30d_90d: trend,
    matured_not_reinvested_90d: notReinvestedFen / FEN_PER_YUAN,
    days_inactive: daysInactive,
    churn_signals: churnSignals,
    loan_status: loanNow > 0 ? 'active' : everLoan ? 'repaid' : 'none',
    loan_balance_yuan: loanNow / FEN_PER_YUAN,
    value_current_90d: fen90 / FEN_PER_YUAN,
  };
}

/** The most frequent value among purchases 0..n-1 (null values skipped), ties to the most recent; support = its share of the non-null ones. */
function mode<T>(n: number, valueAt: (i: number) => T | null): { value: T; support: number } | null {
  const counts = new Map<T, { count: number; last: number }>();
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const v = valueAt(i);
    if (v === null) continue;
    seen++;
    const e = counts.get(v);
    if (e) {
      e.count++;
      e.last = i;
    } else counts.set(v, { count: 1, last: i });
  }
  let best: { value: T; count: number; last: number } | null = null;
  for (const [value, e] of counts) if (!best || e.count > best.count || (e.count === best.count && e.last > best.last)) best = { value, ...e };
  return best ? { value: best.value, support: best.count / seen } : null;
}

function scoreAtMost(x: number, bounds: readonly number[]): number {
  const k = bounds.findIndex((b) => x <= b);
  return k === -1 ? 1 : 5 - k;
}

function scoreAtLeast(x: number, bounds: readonly number[]): number {
  const k = bounds.findIndex((b) => x >= b);
  return k === -1 ? 1 : 5 - k;
}

function ageBand(years: number): string {
  if (years < 25) return '<25';
  if (years < 35) return '25-34';
  if (years < 45) return '35-44';
  if (years < 55) return '45-54';
  if (years < 65) return '55-64';
  return '65+';
}

function tenureBand(days: number): string {
  if (days < 91) return '<3m';
  if (days < 365) return '3-12m';
  if (days < 3 * 365) return '1-3y';
  if (days < 5 * 365) return '3-5y';
  return '5y+';
}
