/** Mean binary cross-entropy, probabilities clipped to [1e-15, 1 - 1e-15] as scikit-learn's log_loss. */

export const LOG_LOSS_EPSILON = 1e-15;

export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  const n = labels.length;
  if (probabilities.length !== n) throw new Error(`logLoss: ${n} labels but ${probabilities.length} probabilities`);
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(probabilities[i], LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / n;
}
