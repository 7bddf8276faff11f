/** Scores must be numbers: a NaN would silently scramble every sort and comparison that follows. */

export function assertFinite(metric: string, scores: ArrayLike<number>): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new Error(`${metric}: score ${i} is ${scores[i]}, expected a finite number`);
  }
}
