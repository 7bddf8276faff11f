/**
 * Redraws of what the bank never sees about a customer and what moves the choice: the segment,
 * the taste, the risk aversion, the yield sensitivity, the preferred term, and the age when the
 * birth date is missing. The segment is drawn given what customers.csv shows of it (age, risk
 * level); everything else from the same prior the generator used, given that segment.
 */

import type { Rng } from '../src/random.js';
import type { CustomerProfile } from './customers.js';
import { MAX_AGE, drawAge, drawLogTermCenter, drawRiskAversion, drawTaste, drawYieldSensitivity, riskWeights } from './latent-traits.js';
import { SEGMENTS, type Segment } from './segments.js';

export type HiddenTraits = Pick<CustomerProfile, 'segment' | 'ageYears' | 'taste' | 'riskAversion' | 'yieldSensitivity' | 'logTermCenter'>;

/** Density of the age under a segment; the generator clamps at MAX_AGE, which only the segments reaching past it explain. */
function ageLikelihood(seg: Segment, age: number): number {
  const [lo, hi] = [seg.ages[0], seg.ages[1] + 1];
  if (age >= MAX_AGE) return hi > MAX_AGE ? (hi - MAX_AGE) / (hi - lo) : 0;
  return age >= lo && age < hi ? 1 / (hi - lo) : 0;
}

/** P(segment | age, risk level), up to a constant: the prior times what each segment makes of the visible columns. */
export function segmentWeights(ageYears: number | null, riskLevel: number | null): number[] {
  return SEGMENTS.map((seg) => {
    let w = seg.weight;
    if (ageYears !== null) w *= ageLikelihood(seg, ageYears);
    if (riskLevel !== null) {
      const tilt = riskWeights(seg);
      w *= tilt[riskLevel - 1] / tilt.reduce((a, b) => a + b, 0);
    }
    return w;
  });
}

/** One draw of the hidden traits of `profile`; `weights` from segmentWeights. */
export function drawHiddenTraits(profile: CustomerProfile, weights: readonly number[], rng: Rng): HiddenTraits {
  const segment = rng.weighted(weights);
  const seg = SEGMENTS[segment];
  return {
    segment,
    ageYears: profile.birthDay === null ? drawAge(seg, rng) : profile.ageYears,
    taste: drawTaste(seg, rng),
    riskAversion: drawRiskAversion(profile.riskLevel, rng),
    yieldSensitivity: drawYieldSensitivity(seg, rng),
    logTermCenter: drawLogTermCenter(seg, rng),
  };
}
