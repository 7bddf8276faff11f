/** A customer's top-N products from the scored snapshot, with the facts the WeChat page shows. */
import { formatDay } from '../src/domain/dates.js';
import type { BankFacts, ProductFacts } from './bank-facts.js';
import type { ScoredSnapshot } from './scored-snapshot.js';

export interface Recommendation extends ProductFacts {
  rank: number;
  score: number;
}

export interface Recommendations {
  customerId: string;
  /** The as-of day of the features: they describe the days strictly before it. */
  asOf: string;
  modelVersion: string;
  items: Recommendation[];
}

export class Recommender {
  constructor(
    readonly snapshot: ScoredSnapshot,
    readonly bank: BankFacts,
  ) {}

  /** null for a customer the bank does not know; an empty list for one with nothing to offer today. */
  recommend(customerId: string, n: number): Recommendations | null {
    if (!this.bank.customers.has(customerId)) return null;
    const range = this.snapshot.byCustomer.get(customerId);
    const items: Recommendation[] = [];
    if (range) {
      for (let i = range.start; i < range.end && items.length < n; i++) {
        const facts = this.bank.products.get(this.snapshot.productIds[i]);
        if (!facts) continue; // a product deleted since the snapshot: never offer what the bank no longer has
        items.push({ rank: items.length + 1, score: this.snapshot.scores[i], ...facts });
      }
    }
    return { customerId, asOf: formatDay(this.snapshot.asOf), modelVersion: this.snapshot.modelVersion, items };
  }
}
