/** The oracle's bounds mix redraws of the hidden traits: checked against Bayes by hand on a world of one trait and two products. */

import { describe, it, expect } from 'vitest';
import { Rng, observeChoice, predictiveProbabilities } from '../../synthetic/index.js';
import { SEGMENTS } from '../../synthetic/segments.js';
import { segmentWeights } from '../../synthetic/hidden-traits.js';

/** Two products: A with utility theta, B with utility 0, so P(A | theta) = 1 / (1 + e^-theta). */
const pA = (theta: number) => 1 / (1 + Math.exp(-theta));

/** The draws' probabilities of [A, B], one row per draw, and the mixing after the given choices (0 = A, 1 = B). */
function mix(thetas: readonly number[], choices: readonly number[]): Float64Array {
  const perDraw = Float64Array.from(thetas.flatMap((t) => [pA(t), 1 - pA(t)]));
  const logWeights = new Float64Array(thetas.length);
  for (const c of choices) observeChoice(perDraw, 2, c, logWeights);
  const out = new Float64Array(2);
  predictiveProbabilities(perDraw, 2, 2, logWeights, out);
  return out;
}

describe('posterior predictive of the choice', () => {
  it('equals Bayes by enumeration when the draws are the prior itself', () => {
    // Prior: theta = -1 with 1/4, theta = 2 with 3/4, as four equally likely draws.
    const draws = [-1, 2, 2, 2];
    const history = [0, 0, 1]; // chose A, A, then B
    const prior = [
      [-1, 0.25],
      [2, 0.75],
    ];
    const joint = prior.map(([t, w]) => w * pA(t) ** 2 * (1 - pA(t)));
    const evidence = joint[0] + joint[1];
    const expectedA = (joint[0] * pA(-1) + joint[1] * pA(2)) / evidence;
    const got = mix(draws, history);
    expect(got[0]).toBeCloseTo(expectedA, 12);
    expect(got[1]).toBeCloseTo(1 - expectedA, 12);
    // Two A's out of three pull towards the theta that likes A: above the prior predictive.
    expect(got[0]).toBeGreaterThan(0.25 * pA(-1) + 0.75 * pA(2));
  });

  it('matches numerical integration over a normal prior, with Monte Carlo draws', () => {
    const rng = Rng.fromSeed(3);
    const draws = Array.from({ length: 40_000 }, () => rng.normal());
    const history = [1, 1, 0, 1]; // mostly B
    // Brute force: integrate prior x likelihood on a fine grid.
    let evidence = 0;
    let numerator = 0;
    for (let t = -8; t <= 8; t += 0.001) {
      const density = Math.exp((-t * t) / 2);
      const likelihood = pA(t) * (1 - pA(t)) ** 3;
      evidence += density * likelihood;
      numerator += density * likelihood * pA(t);
    }
    expect(mix(draws, history)[0]).toBeCloseTo(numerator / evidence, 2);
  });

  it('is the plain average of the draws with no earlier choice', () => {
    const draws = [-2, 0.5, 3];
    expect(mix(draws, [])[0]).toBeCloseTo((pA(-2) + pA(0.5) + pA(3)) / 3, 14);
  });

  it('survives long histories: weights stay in log space', () => {
    const got = mix(
      [-1, 1],
      Array.from({ length: 2_000 }, () => 0),
    );
    expect(got[0]).toBeCloseTo(pA(1), 12);
  });
});

describe('segment of a redraw', () => {
  it('follows what customers.csv shows: the age rules out segments, the risk level tilts them', () => {
    const byName = (w: number[]) => Object.fromEntries(SEGMENTS.map((s, i) => [s.name, w[i]]));
    const young = byName(segmentWeights(25, null));
    expect(young.retiree).toBe(0);
    expect(young.steady_saver).toBe(0);
    expect(young.young_digital).toBeGreaterThan(0);
    const old = byName(segmentWeights(75, null));
    expect(
      Object.entries(old)
        .filter(([, w]) => w > 0)
        .map(([n]) => n),
    ).toEqual(['retiree']);
    // C5 is likelier under a risk-seeking segment (tilt 0.6) than under a cautious one (-0.4), relative to the prior.
    const bold = byName(segmentWeights(null, 5));
    expect(bold.active_investor / 0.12).toBeGreaterThan(bold.steady_saver / 0.25);
    expect(segmentWeights(null, null)).toEqual(SEGMENTS.map((s) => s.weight));
  });
});
