/** How the customer traits the bank never sees follow from a segment and random draws: shared by the customer draw and the oracle's redraws. */

import type { Rng } from '../src/random.js';
import { TASTE_DIM } from './product.js';
import type { Segment } from './segments.js';

/** Assessed risk C1..C5 (SCHEMA.md): about 10/30/35/17/8 %. */
const RISK_WEIGHTS = [0.1, 0.3, 0.35, 0.17, 0.08];
/** Share of customers never assessed (risk level null). */
export const UNASSESSED_RISK = 0.03;
export const MIN_AGE = 20;
export const MAX_AGE = 75;

/** Weights of C1..C5 in a segment: its tilt moves them towards caution or risk. */
export function riskWeights(seg: Segment): number[] {
  return RISK_WEIGHTS.map((w, r) => w * Math.exp(seg.riskTilt * (r - 2)));
}

/** Age on the last simulated day: uniform over the segment's range, clamped to the bank's ages. */
export function drawAge(seg: Segment, rng: Rng): number {
  return Math.min(MAX_AGE, Math.max(MIN_AGE, rng.range(seg.ages[0], seg.ages[1] + 1)));
}

export function drawTaste(seg: Segment, rng: Rng, into: Float64Array = new Float64Array(TASTE_DIM)): Float64Array {
  for (let k = 0; k < TASTE_DIM; k++) into[k] = seg.taste[k] + 0.45 * rng.normal();
  return into;
}

/** Cautious (low risk level) customers dislike risk more; a null level counts as C1. */
export function drawRiskAversion(riskLevel: number | null, rng: Rng): number {
  return 0.12 * (6 - (riskLevel ?? 1)) * Math.exp(0.3 * rng.normal());
}

export function drawYieldSensitivity(seg: Segment, rng: Rng): number {
  return seg.yieldSensitivity * Math.exp(0.3 * rng.normal());
}

export function drawLogTermCenter(seg: Segment, rng: Rng): number {
  return Math.log(seg.termDays + 7) + 0.5 * rng.normal();
}
