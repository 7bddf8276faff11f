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

/** The per-option terms `prepare` keeps, as numbers. */
const PREPARED = [
  'quality',
  'yieldTerm',
  'yieldGap',
  'riskSteps',
  'logTerm',
  'longness',
  'launch',
  'series',
  'category',
  'protectedBonus',
  'newCustomer',
] as const;

/** What of the customer the choice depends on beyond the visible columns and the state: the hidden traits (and the age). */
export type ChoiceTraits = Pick<CustomerProfile, 'ageYears' | 'riskAversion' | 'yieldSensitivity' | 'taste' | 'logTermCenter'>;

/**
 * Options of one occasion; arrays are reused across occasions and customers. Evaluating is split
 * in two so that the oracle's bounds can mix many redraws of the hidden traits over one `prepare`:
 * `prepare` keeps each option's terms that do not depend on them, `mix` adds the ones that do, in
 * the order a single formula would (adding a 0 is exact, so the split changes no bit).
 */
export class ChoiceSet {
  /** Product indexes on sale that the customer may buy, affordable or not. */
  readonly options: Int32Array;
  readonly probabilities: Float64Array;
  private readonly utilities: Float64Array;
  private readonly affordable: Uint8Array;
  private readonly quality: Float64Array;
  private readonly yieldTerm: Float64Array;
  private readonly yieldGap: Float64Array;
  private readonly riskSteps: Float64Array;
  private readonly logTerm: Float64Array;
  private readonly longness: Float64Array;
  private readonly launch: Float64Array;
  private readonly series: Float64Array;
  private readonly category: Float64Array;
  private readonly protectedBonus: Float64Array;
  private readonly newCustomer: Float64Array;
  private readonly contacts: Int32Array;
  private readonly vectors: Float64Array[];
  private riskLevel = 1;
  private idleLarge = false;
  /** Years between the occasion and the last simulated day, for the age at the occasion. */
  private yearsBeforeEnd = 0;
  count = 0;

  constructor(maxOptions: number) {
    this.options = new Int32Array(maxOptions);
    this.probabilities = new Float64Array(maxOptions);
    this.utilities = new Float64Array(maxOptions);
    this.affordable = new Uint8Array(maxOptions);
    this.quality = new Float64Array(maxOptions);
    this.yieldTerm = new Float64Array(maxOptions);
    this.yieldGap = new Float64Array(maxOptions);
    this.riskSteps = new Float64Array(maxOptions);
    this.logTerm = new Float64Array(maxOptions);
    this.longness = new Float64Array(maxOptions);
    this.launch = new Float64Array(maxOptions);
    this.series = new Float64Array(maxOptions);
    this.category = new Float64Array(maxOptions);
    this.protectedBonus = new Float64Array(maxOptions);
    this.newCustomer = new Float64Array(maxOptions);
    this.contacts = new Int32Array(maxOptions);
    this.vectors = new Array(maxOptions);
  }

  /** Fills the options for `day` and their choice probabilities (0 for unaffordable ones). */
  evaluate(profile: CustomerProfile, state: CustomerState, products: readonly SynthProduct[], onSale: Int32Array, day: DayNumber, lastDay: DayNumber): void {
    this.prepare(profile.riskLevel, state, products, onSale, day, lastDay);
    this.mix(profile);
  }

  /** The options for `day` and each one's terms that the hidden traits leave alone. */
  prepare(riskLevel: number | null, state: CustomerState, products: readonly SynthProduct[], onSale: Int32Array, day: DayNumber, lastDay: DayNumber): void {
    const standing = { riskLevel, earlierPurchases: state.purchases };
    this.riskLevel = riskLevel ?? 1;
    this.yearsBeforeEnd = (lastDay - day) / 365.25;
    this.idleLarge = state.demandFen >= 2.5 * Math.max(state.typicalFen, 100_000);
    const cautious = this.riskLevel <= 2;
    const rollover = state.matured30.sum > 0;

    let n = 0;
    for (let k = 0; k < onSale.length; k++) {
      const p = products[onSale[k]];
      if (!mayBuy(standing, p)) continue;
      this.options[n] = p.index;
      this.affordable[n] = p.minFen > state.demandFen ? 0 : 1;
      const yieldGap = p.yieldBp / 100 - UTILITY.referenceYield;
      const deal = (p.yieldBp - p.fairYieldBp) / 100;
      this.quality[n] = p.quality;
      this.yieldTerm[n] = UTILITY.deal * deal + UTILITY.rawYield * yieldGap;
      this.yieldGap[n] = yieldGap;
      this.riskSteps[n] = p.riskLevel - 1;
      this.vectors[n] = p.vector;
      const logTerm = Math.log(p.termDays + 7);
      this.logTerm[n] = logTerm;
      this.longness[n] = (logTerm - Math.log(7)) / LOG_LONGEST;
      this.launch[n] = p.saleEnd !== null ? UTILITY.launchRecency * Math.exp(-(day - p.saleStart) / UTILITY.launchRecencyDays) : 0;
      this.series[n] = p.series === state.lastSeries ? UTILITY.sameSeries + (rollover ? UTILITY.rolloverBoost : 0) : 0;
      this.category[n] = p.category === state.lastCategory ? UTILITY.sameCategory : 0;
      this.protectedBonus[n] = cautious && p.principalProtected ? UTILITY.protectedForCautious : 0;
      this.newCustomer[n] = state.purchases === 0 && p.newCustomersOnly ? UTILITY.newCustomerProduct : 0;
      let contacts = 0;
      for (const c of state.pending) if (c.product === p.index) contacts++;
      this.contacts[n++] = contacts;
    }
    this.count = n;
  }

  /** Copies what `prepare` left in `from`, so that an occasion can be mixed again later. */
  copyPrepared(from: ChoiceSet): void {
    const n = from.count;
    for (const name of ['options', 'affordable', 'contacts'] as const) this[name].set(from[name].subarray(0, n));
    for (const name of PREPARED) this[name].set(from[name].subarray(0, n));
    for (let k = 0; k < n; k++) this.vectors[k] = from.vectors[k];
    this.riskLevel = from.riskLevel;
    this.idleLarge = from.idleLarge;
    this.yearsBeforeEnd = from.yearsBeforeEnd;
    this.count = n;
  }

  /** Choice probabilities of the prepared options for a customer with `traits`, written to `out` from `at`. */
  mix(traits: ChoiceTraits, out: Float64Array = this.probabilities, at = 0): void {
    const n = this.count;
    const ageNow = traits.ageYears - this.yearsBeforeEnd;
    const youngRiskTaker = this.riskLevel >= 3 && ageNow < 45;
    const likesLong = this.idleLarge !== ageNow > 55;
    let best = -Infinity;
    for (let k = 0; k < n; k++) {
      if (this.affordable[k] === 0) {
        this.utilities[k] = -Infinity;
        continue;
      }
      let u = this.quality[k] + traits.yieldSensitivity * this.yieldTerm[k];
      u -= traits.riskAversion * this.riskSteps[k];
      if (youngRiskTaker) u += UTILITY.youngRiskTakerYield * this.yieldGap[k];
      const v = this.vectors[k];
      let dot = 0;
      for (let j = 0; j < TASTE_DIM; j++) dot += traits.taste[j] * v[j];
      u += UTILITY.taste * dot;
      u += UTILITY.termMismatch * (this.logTerm[k] - traits.logTermCenter) ** 2;
      u += (likesLong ? UTILITY.longTermLiked : UTILITY.longTermDisliked) * this.longness[k];
      u += this.launch[k];
      u += this.series[k];
      u += this.category[k];
      u += this.protectedBonus[k];
      u += this.newCustomer[k];
      for (let c = 0; c < this.contacts[k]; c++) u += UTILITY.smsContact;
      this.utilities[k] = u;
      if (u > best) best = u;
    }

    let total = 0;
    for (let k = 0; k < n; k++) {
      const e = this.utilities[k] === -Infinity ? 0 : Math.exp(this.utilities[k] - best);
      out[at + k] = e;
      total += e;
    }
    for (let k = 0; k < n; k++) out[at + k] = total > 0 ? out[at + k] / total : 0;
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
