/**
 * A served set built by hand, without a model: one customer (C0000042) with one scored row for one
 * product on sale (P1), so the app's answers can be checked without training anything.
 */
import { BankNow } from '../../serving/live/bank-now.js';
import { Recommender } from '../../serving/recommender.js';
import type { ScoredSnapshot } from '../../serving/scored-snapshot.js';
import type { ServingState } from '../../serving/serving-state.js';

export const CUSTOMER = 'C0000042';

export function oneCustomerState(): ServingState {
  const snapshot: ScoredSnapshot = {
    path: 'snapshot.arrow',
    asOf: 20_000,
    modelVersion: 'test-model',
    productIds: ['P1'],
    customerIds: [CUSTOMER],
    customerNumbers: new Map([[CUSTOMER, 0]]),
    offsets: Int32Array.of(0, 1),
    products: Int32Array.of(0),
    scores: Float32Array.of(0.25),
    reasons: { codes: Uint8Array.of(255, 255, 255), values: new Float32Array(3) },
    riskAtBuild: Int8Array.of(3),
    excludedRows: 0,
  };
  const bank = BankNow.inMemory(
    20_000,
    new Map([
      [
        'P1',
        {
          facts: { productId: 'P1', name: 'Steady 90', category: 'fixed', riskLevel: 2, expectedYield: 2.5, termDays: 90, minAmount: '1000.00' },
          audience: { riskLevel: 2, newCustomersOnly: false, loyalCustomersOnly: false },
          saleStartDay: 19_990,
          saleEndDay: null,
        },
      ],
    ]),
    new Map([[CUSTOMER, { riskLevel: 3, openDay: 19_000, purchasesBefore: 0, boughtSince: [] }]]),
  );
  const recommender = new Recommender({ snapshot, bank, recomputed: null, today: () => 20_000, changesAppliedThrough: () => null, snapshotShelf: null });
  return {
    recommender: () => recommender,
    notReadyBecause: async () => [],
    modelInfo: () => ({ version: 'test-model' }),
  };
}
