/**
 * Mixing the choice probabilities of M redraws of a customer's hidden traits: each draw weighs as
 * much as it explains the customer's earlier choices (Bayes with draws from the prior), so the mix
 * is the posterior predictive; with no earlier choice every draw weighs the same (the prior predictive).
 */

/**
 * `perDraw` holds draw m's probabilities of the `count` options at `m * stride`. Writes into `out`
 * the average over the draws weighted by exp(logWeights), which stay in log space for stability.
 */
export function predictiveProbabilities(perDraw: Float64Array, stride: number, count: number, logWeights: Float64Array, out: Float64Array): void {
  let top = -Infinity;
  for (const w of logWeights) if (w > top) top = w;
  if (top === -Infinity) throw new Error('predictiveProbabilities: every draw has weight 0 (a choice no draw allows)');
  out.fill(0, 0, count);
  let total = 0;
  for (let m = 0; m < logWeights.length; m++) {
    const w = Math.exp(logWeights[m] - top);
    if (w === 0) continue;
    total += w;
    for (let k = 0; k < count; k++) out[k] += w * perDraw[m * stride + k];
  }
  for (let k = 0; k < count; k++) out[k] /= total;
}

/** The customer chose option `chosen`: each draw's weight is multiplied by its probability of that choice. */
export function observeChoice(perDraw: Float64Array, stride: number, chosen: number, logWeights: Float64Array): void {
  // A draw that gives the choice probability 0 (underflow only: the options are the same for every draw) drops out.
  for (let m = 0; m < logWeights.length; m++) logWeights[m] += Math.log(perDraw[m * stride + chosen]);
}
