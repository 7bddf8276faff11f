/**
 * Scores turned into shares of their occasion: p_i / sum of p over the occasion's rows. A choice
 * given that the customer buys that day spreads one purchase over the shelf; a pointwise model's
 * probabilities need not add up to that, which moves pooled AUC and logloss (across occasions) and
 * never the ranking within one (MRR, hit@N). Measured beside the raw scores to tell the two apart.
 */
export function occasionShares(scores: Float32Array, occasions: readonly string[]): Float32Array {
  const sums = new Map<string, number>();
  for (let i = 0; i < scores.length; i++) sums.set(occasions[i], (sums.get(occasions[i]) ?? 0) + scores[i]);
  return Float32Array.from(scores, (s, i) => s / sums.get(occasions[i])!);
}
