/** One customer's days, from the later of the window start and the account opening, written as rows as they happen. */

import { FEN_PER_YUAN } from '../src/domain/money.js';
import { formatTimestamp, type DayNumber } from '../src/domain/dates.js';
import { DEFAULT_CUSTOMER_RISK } from '../src/domain/eligibility.js';
import type { Calendar } from './calendar.js';
import type { ChoiceSet } from './choice.js';
import type { ChoiceBounds } from './choice-bounds.js';
import { recordResponse, runCampaigns, settleContacts, smsBlockedFrom } from './contacts.js';
import type { CustomerState } from './customer-state.js';
import type { CustomerProfile } from './customers.js';
import { applyDailyFlows } from './flows.js';
import { demandHazard } from './hazard.js';
import { choiceOracleRow, demandOracleRow } from './oracle.js';
import type { Outputs } from './outputs.js';
import type { SynthProduct } from './product.js';
import type { Rng } from '../src/random.js';
import { depositRow, loanRow, purchaseRow, salaryRow } from './rows.js';
import { CHANNELS } from './segments.js';
import type { Shelf } from './shelf.js';

/** Running counts across customers, for the summary. */
export interface Totals {
  purchases: number;
  /** Purchases by customers with no earlier purchase. */
  firstPurchases: number;
}

export interface SimulationContext {
  cal: Calendar;
  products: readonly SynthProduct[];
  shelf: Shelf;
  out: Outputs;
  /** Reused for every customer. */
  state: CustomerState;
  choice: ChoiceSet;
  /** The oracle's achievable bounds; null when off (boundDraws 0). */
  bounds: ChoiceBounds | null;
  /** First day with oracle rows. */
  oracleFrom: DayNumber;
  totals: Totals;
}

/** Days a typical balance takes to follow a new level. */
const TYPICAL_BALANCE_DAYS = 60;

/** `boundsRng`: the customer's stream for the bounds' redraws, apart from `rng` so the bank's bytes do not depend on them. */
export function simulateCustomer(profile: CustomerProfile, rng: Rng, ctx: SimulationContext, boundsRng?: Rng): void {
  const { cal, shelf, products, out, state } = ctx;
  const tables = out.tables;
  const id = profile.id;
  const start = Math.max(cal.firstDay, profile.openDay);
  const firstIndex = cal.index(start);
  const risk = profile.riskLevel ?? DEFAULT_CUSTOMER_RISK;
  const blockedFrom = smsBlockedFrom(profile);
  state.reset(profile, firstIndex);
  if (ctx.bounds) ctx.bounds.begin(profile, boundsRng!);
  if (profile.openDay >= cal.firstDay) state.inflow.byDay[firstIndex] += profile.openingDemandFen;

  for (let day = start; day <= cal.lastDay; day++) {
    const i = day - cal.firstDay;
    const label = cal.label(day);
    if (state.pending.length > 0) settleContacts(id, state, products, cal, tables.contacts, day);

    const hazard = demandHazard(profile, state, day, shelf.minAffordableFen(i, risk, state.purchases));
    if (day >= ctx.oracleFrom) out.demandOracle.push(demandOracleRow(id, label, hazard));

    const launches = shelf.campaigns[i];
    if (launches.length > 0 && day < blockedFrom) runCampaigns(profile, state, products, launches, rng, day);

    if (hazard > 0 && rng.next() < hazard) buy(profile, rng, ctx, day, label);

    const salary = applyDailyFlows(profile, state, products, rng, cal, day);
    if (salary > 0) tables.salaries.push(salaryRow(id, label, salary));

    if (state.demandFen !== state.writtenDemand || state.timeFen !== state.writtenTime) {
      tables.deposits.push(depositRow(id, label, state.demandFen, state.timeFen));
      state.writtenDemand = state.demandFen;
      state.writtenTime = state.timeFen;
    }
    if (profile.loanFen > 0 && state.loanFen !== state.writtenLoan) {
      tables.loans.push(loanRow(id, label, state.loanFen));
      state.writtenLoan = state.loanFen;
    }

    state.typicalFen += (state.demandFen - state.typicalFen) / TYPICAL_BALANCE_DAYS;
    state.inflow.close(i, firstIndex);
    state.matured7.close(i, firstIndex);
    state.matured30.close(i, firstIndex);
  }
  settleContacts(id, state, products, cal, tables.contacts, Infinity);
}

/** An occasion: choose a product, an amount, a channel and a time, and write the purchase. */
function buy(profile: CustomerProfile, rng: Rng, ctx: SimulationContext, day: DayNumber, label: string): void {
  const { cal, products, shelf, state, choice, bounds, out } = ctx;
  choice.evaluate(profile, state, products, shelf.onSale[cal.index(day)], day, cal.lastDay);
  const k = choice.sample(rng);
  if (k < 0) return; // unreachable while the hazard is 0 without an affordable product
  if (day >= ctx.oracleFrom) {
    bounds?.evaluate(choice);
    for (let j = 0; j < choice.count; j++) {
      const both = bounds ? ([bounds.history[j], bounds.noHistory[j]] as const) : undefined;
      out.choiceOracle.push(choiceOracleRow(profile.id, label, products[choice.options[j]].id, choice.probabilities[j], both));
    }
  }
  // Every choice, not only the oracle days', so that the history bound knows all earlier ones.
  bounds?.chose(choice, k);
  const p = products[choice.options[k]];

  // Between the minimum and a share of the idle money, in whole hundreds of yuan.
  const target = Math.floor((state.demandFen * profile.amountShare * rng.range(0.5, 1)) / (100 * FEN_PER_YUAN)) * 100 * FEN_PER_YUAN;
  const amount = Math.min(state.demandFen, Math.max(p.minFen, target));
  state.demandFen -= amount;

  ctx.totals.purchases++;
  if (state.purchases === 0) ctx.totals.firstPurchases++;
  state.purchases++;
  state.lastPurchaseDay = day;
  state.lastSeries = p.series;
  state.lastCategory = p.category;
  // Open-ended products are redeemed when the customer wants the money: 30-120 days later.
  const back = p.maturityDay ?? day + rng.between(30, 120);
  state.holdings.push({ product: p.index, principal: amount, maturityDay: back, purchaseDay: day });
  if (back < state.nextReturnDay) state.nextReturnDay = back;

  const contacted = recordResponse(state, p.index);
  const channel = contacted && rng.chance(0.6) ? 'sms' : CHANNELS[rng.weighted(profile.channelWeights)];
  const online = channel === 'wechat' || channel === 'app' || channel === 'sms';
  // Online systems stamp the time; branch and phone records often keep only the date.
  const when = rng.chance(online ? 0.8 : 0.15)
    ? formatTimestamp(day, online ? rng.between(8 * 3600, 23 * 3600 - 1) : rng.between(9 * 3600, 17 * 3600 - 1))
    : label;
  const purchaseId = rng.chance(0.1) ? '' : `P${id7(profile.id)}${String(state.purchases).padStart(4, '0')}`;
  out.tables.purchases.push(purchaseRow(purchaseId, profile.id, p.id, when, amount, channel));
}

/** The customer number without its `C`, so purchase ids stay unique without a global counter. */
function id7(customerId: string): string {
  return customerId.slice(1);
}
