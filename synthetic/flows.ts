/** The day's money movements after the purchase decision: returns, salary, transfers, spending, time deposits and the loan. */

import { FEN_PER_YUAN } from '../src/domain/money.js';
import type { DayNumber } from '../src/domain/dates.js';
import type { Fen } from '../src/domain/money.js';
import type { Calendar } from './calendar.js';
import type { CustomerState } from './customer-state.js';
import type { CustomerProfile } from './customers.js';
import type { SynthProduct } from './product.js';
import type { Rng } from '../src/random.js';

const TIME_TERMS = [91, 182, 365] as const;
const TIME_RATES_BP = [135, 155, 175] as const;

const interest = (principal: Fen, rateBp: number, days: number): Fen => Math.round((principal * rateBp * days) / (10_000 * 365));

/** Credits everything that comes back today: wealth products (principal + interest) and time deposits. */
function collectReturns(state: CustomerState, products: readonly SynthProduct[], rng: Rng, day: DayNumber, i: number): void {
  const holdings = state.holdings;
  for (let k = holdings.length - 1; k >= 0; k--) {
    const h = holdings[k];
    if (h.maturityDay > day) continue;
    const p = products[h.product];
    const heldDays = p.termDays > 0 ? p.termDays : day - h.purchaseDay;
    const back = h.principal + interest(h.principal, p.yieldBp, heldDays);
    state.demandFen += back;
    state.matured7.byDay[i] += back;
    state.matured30.byDay[i] += back;
    holdings.splice(k, 1);
  }
  const lots = state.timeLots;
  for (let k = lots.length - 1; k >= 0; k--) {
    const lot = lots[k];
    if (lot.maturityDay > day) continue;
    const earned = interest(lot.principal, lot.rateBp, lot.termDays);
    if (rng.chance(0.5)) {
      // Rolled over with the interest: only the time balance moves.
      lot.principal += earned;
      state.timeFen += earned;
      lot.maturityDay = day + lot.termDays;
    } else {
      state.timeFen -= lot.principal;
      state.demandFen += lot.principal + earned;
      state.inflow.byDay[i] += lot.principal + earned;
      lots.splice(k, 1);
    }
  }
  state.refreshNextReturn();
}

/** Moves part of a large idle demand balance into a new time deposit. */
function maybeSaveToTime(state: CustomerState, rng: Rng, day: DayNumber): void {
  if (state.demandFen <= 3 * Math.max(state.typicalFen, 1_000_000) || !rng.chance(0.01)) return;
  const amount = Math.floor(((state.demandFen - state.typicalFen) * rng.range(0.4, 0.8)) / (1_000 * FEN_PER_YUAN)) * 1_000 * FEN_PER_YUAN;
  if (amount < 10_000 * FEN_PER_YUAN) return;
  const t = rng.int(TIME_TERMS.length);
  state.demandFen -= amount;
  state.timeFen += amount;
  state.timeLots.push({ principal: amount, maturityDay: day + TIME_TERMS[t], rateBp: TIME_RATES_BP[t], termDays: TIME_TERMS[t] });
  state.refreshNextReturn();
}

/**
 * Applies the day's flows. Returns the salary credited today in fen (0 when none) so the caller
 * can write the salaries row; balances never go negative.
 */
export function applyDailyFlows(
  profile: CustomerProfile,
  state: CustomerState,
  products: readonly SynthProduct[],
  rng: Rng,
  cal: Calendar,
  day: DayNumber,
): Fen {
  const i = cal.index(day);
  if (day >= state.nextReturnDay) collectReturns(state, products, rng, day, i);

  const monthDay = cal.dayOfMonth(day);
  let salary = 0;
  if (profile.salaried && monthDay === profile.payDay) {
    salary = Math.max(FEN_PER_YUAN, Math.round((profile.incomeFen * (1 + 0.03 * rng.normal())) / FEN_PER_YUAN) * FEN_PER_YUAN);
    state.demandFen += salary;
    state.inflow.byDay[i] += salary;
    state.lastSalaryDay = day;
  }

  if (rng.chance(profile.transferChance)) {
    const amount = Math.round((profile.transferFen * rng.lognormal(1, 1)) / (100 * FEN_PER_YUAN)) * 100 * FEN_PER_YUAN;
    state.demandFen += amount;
    state.inflow.byDay[i] += amount;
  }

  if (rng.chance(profile.spendChance)) {
    const amount = Math.min(state.demandFen, Math.round(profile.spendFen * rng.lognormal(0.88, 0.6)));
    state.demandFen -= amount;
  }

  maybeSaveToTime(state, rng, day);

  if (state.loanFen > 0 && monthDay === profile.loanPayDay) {
    const due = Math.round(state.loanFen * profile.loanMonthlyRate);
    const paid = Math.min(profile.loanPaymentFen, state.demandFen, state.loanFen + due);
    state.demandFen -= paid;
    state.loanFen = Math.max(0, state.loanFen - Math.max(0, paid - due));
  }
  return salary;
}
