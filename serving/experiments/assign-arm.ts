/**
 * Which arm a customer is in: SHA-256 of (salt, customer id) read as a number in [0, 1), cut by the
 * arms' cumulative weights. The same customer lands in the same arm for the whole experiment and on
 * every replica; another salt (each experiment has its own) shuffles customers independently.
 */
import { createHash } from 'node:crypto';

/** The customer's position in [0, 1) under the salt. */
export function assignmentPoint(salt: string, customerId: string): number {
  // The length prefix keeps ("ab", "c") and ("a", "bc") apart.
  const digest = createHash('sha256').update(`${salt.length}:${salt}:${customerId}`).digest();
  // 48 bits: a double holds them exactly, and 2^48 buckets make any weight split exact enough.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** Index of the arm for a point in [0, 1), by cumulative weights. */
export function armIndexAt(point: number, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let edge = 0;
  for (let i = 0; i < weights.length; i++) {
    edge += weights[i] / total;
    if (point < edge) return i;
  }
  return weights.length - 1;
}

export function assignArm(salt: string, customerId: string, weights: readonly number[]): number {
  return armIndexAt(assignmentPoint(salt, customerId), weights);
}
