/** The choice model: on an occasion the customer picks one product by softmax over utilities, some of them non-linear. */

import type { DayNumber } from '../src/domain/dates.js';
import { mayBuy } from '../src/domain/eligibility.js';
import type { CustomerState } from './customer-state.js';
import type { CustomerProfile } from './customers.js';
import { TASTE_DIM, type SynthProduct } from './product.js';
import type { Rng } from '../src/random.js';

/**
 * Utility weights. youngRiskTakerYield, longTermLiked/longTermDisliked and newCustomerProduct are
 * interactions a linear ranker cannot express, so a learner has something real to find.
 */
export const UTILITY = {
  /** Raw yields are judged against this market level (percent). */
  referenceYield: 2.5,
  /** Everyone values a yield above the fair yield of its risk and term (per point, times sensitivity). */
  deal: 2,
  /** Only a little of the raw yield counts for an ordinary customer: it is mostly pay for risk. */
  rawYield: 0.3,
  taste: 0.6,
  termMismatch: -0.35,
  launchRecency: 0.6,
  launchRecencyDays: 3,
  sameSeries: 0.9,
  sameCategory: 0.4,
  /** Right after a maturity, customers roll into something like what they held. */
  rolloverBoost: 0.6,
  protectedForCautious: 0.4,
  smsContact: 1.5,
  /** Yield matters a lot only for risk-tolerant (C3+) customers under 45. */
  youngRiskTakerYield: 1.2,
  /** Long terms appeal when idle money is large XOR the customer is over 55; otherwise they repel. */
  longTermLiked: 0.9,
  longTermDisliked: -0.6,
  /** Never-bought customers strongly prefer the products made for them. */
  newCustomerProduct: 2.5,
} as const;

const LOG_LONGEST = Math.log(737 / 7);

/** Options of one occasion; arrays are reused across occasions and customers. */
export class ChoiceSet {
  /** Product indexes on sale that the customer may buy, affordable or not. */
  readonly options: Int32Array;
  readonly probabilities: Float64Array;
  private readonly utilities: Float64Array;
  count = 0;

  constructor(maxOptions: number) {
    this.options = new Int32Array(maxOptions);
    this.probabilities = new Float64Array(maxOptions);
    this.utilities = new Float64Array(maxOptions);
  }

  /** Fills the options for `day` and their choice probabilities (0 for unaffordable ones). */
  evaluate(profile: CustomerProfile, state: CustomerState, products: readonly SynthProduct[], onSale: Int32Array, day: DayNumber, lastDay: DayNumber): void {
    const standing = { riskLevel: profile.riskLevel, earlierPurchases: state.purchases };
    const ageNow = profile.ageYears - (lastDay - day) / 365.25;
    const youngRiskTaker = (profile.riskLevel ?? 1) >= 3 && ageNow < 45;
    const idleLarge = state.demandFen >= 2.5 * Math.max(state.typicalFen, 100_000);
    const likesLong = idleLarge !== ageNow > 55;
    const cautious = (profile.riskLevel ?? 1) <= 2;
    const rollover = state.matured30.sum > 0;

    let n = 0;
    let best = -Infinity;
    for (let k = 0; k < onSale.length; k++) {
      const p = products[onSale[k]];
      if (!mayBuy(standing, p)) continue;
      this.options[n] = p.index;
      if (p.minFen > state.demandFen) {
        this.utilities[n++] = -Infinity;
        continue;
      }
      const yieldGap = p.yieldBp / 100 - UTILITY.referenceYield;
      const deal = (p.yieldBp - p.fairYieldBp) / 100;
      let u = p.quality + profile.yieldSensitivity * (UTILITY.deal * deal + UTILITY.rawYield * yieldGap);
      u -= profile.riskAversion * (p.riskLevel - 1);
      if (youngRiskTaker) u += UTILITY.youngRiskTakerYield * yieldGap;
      let dot = 0;
      for (let j = 0; j < TASTE_DIM; j++) dot += profile.taste[j] * p.vector[j];
      u += UTILITY.taste * dot;
      const logTerm = Math.log(p.termDays + 7);
      u += UTILITY.termMismatch * (logTerm - profile.logTermCenter) ** 2;
      const longness = (logTerm - Math.log(7)) / LOG_LONGEST;
      u += (likesLong ? UTILITY.longTermLiked : UTILITY.longTermDisliked) * longness;
      if (p.saleEnd !== null) u += UTILITY.launchRecency * Math.exp(-(day - p.saleStart) / UTILITY.launchRecencyDays);
      if (p.series === state.lastSeries) u += UTILITY.sameSeries + (rollover ? UTILITY.rolloverBoost : 0);
      if (p.category === state.lastCategory) u += UTILITY.sameCategory;
      if (cautious && p.principalProtected) u += UTILITY.protectedForCautious;
      if (state.purchases === 0 && p.newCustomersOnly) u += UTILITY.newCustomerProduct;
      for (const c of state.pending) if (c.product === p.index) u += UTILITY.smsContact;
      this.utilities[n++] = u;
      if (u > best) best = u;
    }
    this.count = n;

    let total = 0;
    for (let k = 0; k < n; k++) {
      const e = this.utilities[k] === -Infinity ? 0 : Math.exp(this.utilities[k] - best);
      this.probabilities[k] = e;
      total += e;
    }
    for (let k = 0; k < n; k++) this.probabilities[k] = total > 0 ? this.probabilities[k] / total : 0;
  }

  /** Position (in `options`) of a product drawn from the probabilities; -1 when nothing is affordable. */
  sample(rng: Rng): number {
    let u = rng.next();
    let lastPositive = -1;
    for (let k = 0; k < this.count; k++) {
      if (this.probabilities[k] <= 0) continue;
      lastPositive = k;
      u -= this.probabilities[k];
      if (u < 0) return k;
    }
    return lastPositive;
  }
}
