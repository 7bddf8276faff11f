/**
 * The oracle's achievable bounds, one customer at a time: the choice probabilities a model could
 * reach without the hidden traits, from M redraws of them (hidden-traits.ts), with no history and
 * given the customer's earlier choices in the window (posterior-predictive.ts).
 */

import type { Rng } from '../src/random.js';
import { ChoiceSet } from './choice.js';
import type { CustomerProfile } from './customers.js';
import { drawHiddenTraits, segmentWeights, type HiddenTraits } from './hidden-traits.js';
import { observeChoice, predictiveProbabilities } from './posterior-predictive.js';

export class ChoiceBounds {
  /** Per option of the last evaluated occasion: the posterior predictive given earlier choices. */
  readonly history: Float64Array;
  /** Per option: the prior predictive, as for a customer with no purchase. */
  readonly noHistory: Float64Array;
  private readonly perDraw: Float64Array;
  private readonly logWeights: Float64Array;
  private readonly uniform: Float64Array;
  private readonly stride: number;
  private profile: CustomerProfile | null = null;
  private rng: Rng | null = null;
  /** Made at the customer's first oracle occasion. */
  private traits: HiddenTraits[] = [];
  /**
   * Earlier occasions and their choices, kept until an oracle occasion needs them: most customers
   * have none on the oracle days, and their choices then need no mixing at all (the cost of the bounds).
   */
  private readonly waiting: ChoiceSet[] = [];
  private readonly waitingChoice: number[] = [];
  private waitingCount = 0;
  private mixed = false;

  constructor(
    readonly draws: number,
    private readonly maxOptions: number,
  ) {
    this.stride = maxOptions;
    this.history = new Float64Array(maxOptions);
    this.noHistory = new Float64Array(maxOptions);
    this.perDraw = new Float64Array(draws * maxOptions);
    this.logWeights = new Float64Array(draws);
    this.uniform = new Float64Array(draws);
  }

  /** Starts a customer; `rng` is the customer's own bounds stream, never the bank's. */
  begin(profile: CustomerProfile, rng: Rng): void {
    this.profile = profile;
    this.rng = rng;
    this.traits = [];
    this.logWeights.fill(0);
    this.waitingCount = 0;
    this.mixed = false;
  }

  /** Both bounds for the occasion `choice` was just evaluated for (same state, so the same options as the oracle's). */
  evaluate(choice: ChoiceSet): void {
    if (this.traits.length === 0) {
      const profile = this.profile!;
      const weights = segmentWeights(profile.birthDay === null ? null : profile.ageYears, profile.riskLevel);
      for (let m = 0; m < this.draws; m++) this.traits.push(drawHiddenTraits(profile, weights, this.rng!));
    }
    for (let w = 0; w < this.waitingCount; w++) {
      this.mixDraws(this.waiting[w]);
      observeChoice(this.perDraw, this.stride, this.waitingChoice[w], this.logWeights);
    }
    this.waitingCount = 0;
    this.mixDraws(choice);
    predictiveProbabilities(this.perDraw, this.stride, choice.count, this.logWeights, this.history);
    predictiveProbabilities(this.perDraw, this.stride, choice.count, this.uniform, this.noHistory);
    this.mixed = true;
  }

  /** The customer chose option `chosen` of `choice`, on any occasion: it weighs in from the next oracle occasion on. */
  chose(choice: ChoiceSet, chosen: number): void {
    if (this.mixed) {
      observeChoice(this.perDraw, this.stride, chosen, this.logWeights);
      this.mixed = false;
      return;
    }
    if (this.waitingCount === this.waiting.length) this.waiting.push(new ChoiceSet(this.maxOptions));
    this.waiting[this.waitingCount].copyPrepared(choice);
    this.waitingChoice[this.waitingCount++] = chosen;
  }

  private mixDraws(choice: ChoiceSet): void {
    for (let m = 0; m < this.draws; m++) choice.mix(this.traits[m], this.perDraw, m * this.stride);
  }
}
