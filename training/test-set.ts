/** The rows a model is tested on, with what the report slices them by. */
import { DEFAULT_CUSTOMER_RISK } from '../src/domain/eligibility.js';
import { occasionKey } from './occasions.js';
import type { Samples } from './samples.js';

export interface TestSet {
  /** Indices into the samples. */
  rows: Int32Array;
  labels: Uint8Array;
  /** One key per row: the occasion (customer, day) it belongs to. */
  occasions: string[];
  days: Int32Array;
  /** 1 for a customer with no purchase before the day (the case's 新客). */
  isNew: Uint8Array;
  /** Customer risk level 1..5, unknown counted as DEFAULT_CUSTOMER_RISK as in eligibility. */
  riskLevel: Uint8Array;
}

export function testSetOf(samples: Samples, rows: Int32Array): TestSet {
  const neverPurchased = requiredNumbers(samples, 'never_purchased');
  const risk = requiredNumbers(samples, 'customer_risk');
  return {
    rows,
    labels: Uint8Array.from(rows, (r) => samples.labels[r]),
    occasions: Array.from(rows, (r) => occasionKey(samples.customerIds[r], samples.asOf[r])),
    days: Int32Array.from(rows, (r) => samples.asOf[r]),
    isNew: Uint8Array.from(rows, (r) => (neverPurchased[r] === 1 ? 1 : 0)),
    riskLevel: Uint8Array.from(rows, (r) => (Number.isFinite(risk[r]) ? risk[r] : DEFAULT_CUSTOMER_RISK)),
  };
}

function requiredNumbers(samples: Samples, name: string): Float32Array {
  const column = samples.numbers.get(name);
  if (!column) throw new Error(`the samples have no "${name}" column, which the report's segments need`);
  return column;
}
