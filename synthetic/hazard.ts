/** The demand model: the probability of a purchase occasion on day d, from the state at the end of day d-1 only. */

import type { DayNumber } from '../src/domain/dates.js';
import type { CustomerState } from './customer-state.js';
import type { CustomerProfile } from './customers.js';

/** Log-odds contributions; named so calibration changes are visible in review. */
export const HAZARD = {
  /** Idle money relative to the customer's usual balance. */
  idleBalance: 0.5,
  /** Headroom over the cheapest product the customer may buy. */
  headroom: 0.3,
  /** Money that just came in (salary, transfers, time deposits): the build-up before a purchase. */
  inflow: 0.6,
  /** A wealth product matured in the last 7 days: reinvestment. */
  reinvest: 1.0,
  reinvestSize: 0.2,
  /** Salary credited in the last 3 days. */
  salary: 0.3,
  /** Opened within 30 days and never bought: these customers came for a 新客专享 product. */
  newCustomer: 3.6,
  newCustomerDays: 30,
  /** An SMS contact in the last 7 days. */
  sms: 0.8,
  /** Just bought: the money is gone and the need is met. Decays over about two weeks. */
  recentPurchase: -3,
  recentPurchaseDays: 14,
} as const;

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : Math.min(x, hi));
/** Floor for "usual balance" so that a near-empty account does not make every deposit look huge. */
const MIN_TYPICAL_FEN = 100_000;
const TYPICAL_TICKET_FEN = 1_000_000;

/**
 * Probability of a purchase occasion on `day`. It reads only the state at the end of the day before
 * (and the latent activity level), so it is a true function of the observable past and can be
 * published as the oracle a demand model should approach. `minAffordableFen` is the smallest
 * minimum amount among the products on sale that day which the customer may buy; nothing
 * affordable means 0.
 */
export function demandHazard(profile: CustomerProfile, state: CustomerState, day: DayNumber, minAffordableFen: number): number {
  if (day <= profile.openDay) return 0; // no history yet: the account is opened today
  const demand = state.demandFen;
  if (!(minAffordableFen <= demand) || demand <= 0) return 0;
  const typical = Math.max(state.typicalFen, MIN_TYPICAL_FEN);
  // Headroom is measured against a typical 1万 ticket: a 1-yuan money-market fund does not make everyone rich.
  const floor = Math.max(minAffordableFen, TYPICAL_TICKET_FEN);

  let z = profile.activity;
  z += HAZARD.idleBalance * clamp(Math.log(demand / typical), -2, 2);
  z += HAZARD.headroom * clamp(Math.log(demand / floor), -2, 3);
  if (state.inflow.sum > 0) z += HAZARD.inflow * Math.min(2, Math.log1p(state.inflow.sum / typical));
  if (state.matured7.sum > 0) z += HAZARD.reinvest + HAZARD.reinvestSize * clamp(Math.log(state.matured7.sum / floor), 0, 3);
  if (day - state.lastSalaryDay <= 3) z += HAZARD.salary;
  if (state.purchases === 0 && day - profile.openDay <= HAZARD.newCustomerDays) z += HAZARD.newCustomer;
  if (day - state.lastContactDay <= 7) z += HAZARD.sms;
  if (state.lastPurchaseDay > -Infinity) {
    z += HAZARD.recentPurchase * Math.exp(-(day - state.lastPurchaseDay - 1) / HAZARD.recentPurchaseDays);
  }
  return 1 / (1 + Math.exp(-z));
}
