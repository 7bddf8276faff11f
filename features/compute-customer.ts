/**
 * Features of the customer on the as-of day: who they are, their deposits, loans, salary and purchase
 * history, and (for a table with a horizon H) what falls inside [d, d + H).
 */
import { FEN_PER_YUAN } from '../src/domain/money.js';
import { DEFAULT_CUSTOMER_RISK } from '../src/domain/eligibility.js';
import { DEPOSIT_WINDOWS, HISTORY_WINDOWS, MATURITY_WINDOWS } from '../src/wide-table/feature-set.js';
import { balanceOn, carryForwardSum } from './carry-forward.js';
import { computeContactFeatures } from './compute-contacts.js';
import { computeHorizonFeatures } from './compute-horizon.js';
import type { FeatureValues } from './feature-values.js';
import { computeProfileTags } from './profile/compute-profile-tags.js';
import { FEATURE_TAGS } from '../src/profile-table/profile-tags.js';
import type { HistoryView } from './point-in-time.js';
import type { ProductCatalog } from './product-catalog.js';

const DAYS_PER_YEAR = 365.2425;

/** `horizonDays`: the window of a demand or value table, or of the demand model a snapshot is scored by; null: none (the horizon family stays unknown). */
export function computeCustomerFeatures(view: HistoryView, catalog: ProductCatalog, out: FeatureValues, horizonDays: number | null = null): void {
  customerFacts(view, out);
  depositFeatures(view, out);
  loanAndSalaryFeatures(view, out);
  historyFeatures(view, catalog, out);
  computeContactFeatures(view, out);
  profileFeatures(view, catalog, out);
  computeHorizonFeatures(view, catalog, horizonDays, out);
}

function profileFeatures(view: HistoryView, catalog: ProductCatalog, out: FeatureValues): void {
  const tags = computeProfileTags(view, catalog) as unknown as Record<string, number | string | null>;
  for (const t of FEATURE_TAGS) {
    if (t.kind === 'number') out.set(t.name, tags[t.name] as number);
    else out.setCategory(t.name, tags[t.name] as string | null);
  }
}

function customerFacts(view: HistoryView, out: FeatureValues): void {
  const c = view.customer;
  out.set('age_years', c.birthDay === null ? NaN : Math.floor((view.asOf - c.birthDay) / DAYS_PER_YEAR));
  out.set('tenure_days', view.asOf - c.openDay);
  out.setCategory('gender', c.gender);
  out.set('customer_risk', c.riskLevel ?? DEFAULT_CUSTOMER_RISK);
  out.set('customer_risk_unknown', c.riskLevel === null ? 1 : 0);
  out.setCategory('city', c.city);
}

function depositFeatures(view: HistoryView, out: FeatureValues): void {
  const { day, demandFen, timeFen } = view.deposits;
  const total = new Float64Array(day.length);
  for (let i = 0; i < day.length; i++) total[i] = demandFen[i] + timeFen[i];
  const lastDay = view.asOf - 1;
  const averages: Record<string, number> = {};
  for (const w of DEPOSIT_WINDOWS) {
    const from = view.asOf - w;
    for (const [name, values] of [
      ['demand', demandFen],
      ['time', timeFen],
      ['total', total],
    ] as const) {
      const s = carryForwardSum(day, values, from, lastDay);
      averages[`${name}_${w}`] = s.days === 0 ? NaN : s.sum / s.days / FEN_PER_YUAN;
      out.set(`${name}_avg_${w}d`, averages[`${name}_${w}`]);
    }
  }
  out.set('known_balance_days_90d', carryForwardSum(day, total, view.asOf - 90, lastDay).days);
  const demandLast = day.length === 0 ? NaN : demandFen[day.length - 1] / FEN_PER_YUAN;
  const totalLast = day.length === 0 ? NaN : total[day.length - 1] / FEN_PER_YUAN;
  out.set('demand_last', demandLast);
  out.set('total_last', totalLast);
  out.set('total_ratio_7d_90d', averages.total_7 / averages.total_90);
  out.set('demand_ratio_7d_30d', averages.demand_7 / averages.demand_30);
  out.set('total_change_7d_vs_30d', averages.total_7 - averages.total_30);
  out.set('demand_change_last_vs_30d', demandLast - averages.demand_30);
  let rose = NaN;
  for (let i = day.length - 1; i > 0; i--) {
    if (total[i] > total[i - 1]) {
      rose = view.asOf - day[i];
      break;
    }
  }
  out.set('days_since_balance_rose', rose);
}

function loanAndSalaryFeatures(view: HistoryView, out: FeatureValues): void {
  const { day, balanceFen } = view.loans;
  const now = balanceOn(day, balanceFen, view.asOf - 1, 0);
  out.set('loan_balance', now / FEN_PER_YUAN);
  out.set('loan_change_30d', (now - balanceOn(day, balanceFen, view.asOf - 31, 0)) / FEN_PER_YUAN);
  const pay = view.salaries;
  let paid = 0;
  for (let i = pay.day.length - 1; i >= 0 && pay.day[i] >= view.asOf - 90; i--) paid += pay.amountFen[i];
  out.set('salary_avg_month_3m', paid / 3 / FEN_PER_YUAN);
  out.set('days_since_pay', pay.day.length === 0 ? NaN : view.asOf - pay.day[pay.day.length - 1]);
}

function historyFeatures(view: HistoryView, catalog: ProductCatalog, out: FeatureValues): void {
  const { day, product, amountFen } = view.purchases;
  const n = day.length;
  out.set('never_purchased', n === 0 ? 1 : 0);
  out.set('days_since_last_purchase', n === 0 ? NaN : view.asOf - day[n - 1]);
  for (const w of HISTORY_WINDOWS) {
    let count = 0;
    let amount = 0;
    for (let i = n - 1; i >= 0 && day[i] >= view.asOf - w; i--) {
      count++;
      amount += amountFen[i];
    }
    out.set(`purchases_count_${w}d`, count);
    out.set(`purchases_amount_${w}d`, amount / FEN_PER_YUAN);
  }
  // A fixed-term product returns its principal on purchase day + term; open-ended ones (term 0) stay held.
  let heldValue = 0;
  let heldCount = 0;
  const maturing = MATURITY_WINDOWS.map(() => 0);
  const matured = MATURITY_WINDOWS.map(() => 0);
  for (let i = 0; i < n; i++) {
    const term = catalog.products[product[i]].termDays;
    const maturity = day[i] + term;
    if (term === 0 || maturity >= view.asOf) {
      heldValue += amountFen[i];
      heldCount++;
    }
    if (term === 0) continue;
    MATURITY_WINDOWS.forEach((w, k) => {
      if (maturity >= view.asOf && maturity < view.asOf + w) maturing[k] += amountFen[i];
      if (maturity < view.asOf && maturity >= view.asOf - w) matured[k] += amountFen[i];
    });
  }
  out.set('holdings_value', heldValue / FEN_PER_YUAN);
  out.set('holdings_count', heldCount);
  MATURITY_WINDOWS.forEach((w, k) => {
    out.set(`maturing_amount_${w}d`, maturing[k] / FEN_PER_YUAN);
    out.set(`matured_amount_${w}d`, matured[k] / FEN_PER_YUAN);
  });
  const last = n === 0 ? null : catalog.products[product[n - 1]];
  out.setCategory('last_category', last?.category ?? null);
  out.set('last_risk', last ? last.riskLevel : NaN);
  out.set('last_term_days', last ? last.termDays : NaN);
  out.set('last_yield', last?.expectedYield ?? NaN);
  out.set('last_amount', n === 0 ? NaN : amountFen[n - 1] / FEN_PER_YUAN);
}
