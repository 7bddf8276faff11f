/**
 * A customer's top-N products: the snapshot's ranked rows (or, where the snapshot cannot answer for
 * today, rows computed on request), each checked against the rules of the day on the bank's state
 * now (offerable-today.ts), with the facts the WeChat page shows and how fresh the answer is.
 */
import { withDeadline } from '../src/deadline.js';
import { formatDay, type DayNumber } from '../src/domain/dates.js';
import { LOYAL_MIN_PURCHASES } from '../src/domain/eligibility.js';
import { servedReasonsOf, type RowReasons, type ServedReason } from '../src/reasons/index.js';
import { NotReadyError } from './errors.js';
import type { BankNow, CustomerNow } from './live/bank-now.js';
import { offerableToday } from './live/offerable-today.js';
import type { RecomputedLists } from './live/recomputed-lists.js';
import { onSale, type ProductFacts } from './live/served-products.js';
import type { ScoredSnapshot } from './scored-snapshot.js';

export interface Recommendation extends ProductFacts {
  rank: number;
  score: number;
  /** Why, up to 3, strongest first (src/reasons/); none under an experiment's baseline arm, which is not the model. */
  reasons: ServedReason[];
}

export interface Freshness {
  /** The day of the snapshot the server holds. */
  snapshotAsOf: string;
  /** True when this customer's rows were computed today from the database (opened, or changed, since the snapshot). */
  recomputed: boolean;
  /** When the last import the answer reflects was committed; null when none has been applied since the set loaded. */
  changesAppliedThrough: string | null;
}

export interface Recommendations {
  customerId: string;
  /** The as-of day of the features: they describe the days strictly before it. */
  asOf: string;
  modelVersion: string;
  freshness: Freshness;
  items: Recommendation[];
  /** The experiment and arm the customer is assigned to, while an experiment runs. */
  experiment?: { name: string; arm: string };
}

/**
 * A ranking other than the model's (an experiment's baseline arm): a score per product, the same
 * for every customer, applied to the products the customer may buy today.
 */
export interface ProductPolicy {
  /** What the answer names as its model version, e.g. `baseline:popularity`. */
  label: string;
  score(productId: string): number;
}

/** The longest a request waits for a customer's rows to be computed from the database. */
export const RECOMPUTE_MS = 3000;

/** recommend()'s answer when the customer's list must first be computed from the database (recommendLive does). */
export const NEEDS_RECOMPUTE = Symbol('needs recompute');

export interface RecommenderOptions {
  snapshot: ScoredSnapshot;
  bank: BankNow;
  /** Null when rows cannot be computed on request (then such customers get the snapshot's rows, checked by the rules). */
  recomputed: RecomputedLists | null;
  /** The bank day answers are for. */
  today: () => DayNumber;
  /** The commit time of the last import applied to `bank`, for the answers' freshness. */
  changesAppliedThrough: () => string | null;
  /** Products on sale on the snapshot's day when it was built (the snapshot's metadata); null for an older snapshot. */
  snapshotShelf: ReadonlySet<string> | null;
}

export class Recommender {
  readonly snapshot: ScoredSnapshot;
  readonly bank: BankNow;
  private launched: { day: DayNumber; products: ReadonlyMap<unknown, unknown>; any: boolean } = { day: Number.NaN, products: new Map(), any: false };

  constructor(private readonly options: RecommenderOptions) {
    this.snapshot = options.snapshot;
    this.bank = options.bank;
  }

  /** The answer from memory; null for a customer the bank does not have; NEEDS_RECOMPUTE when it needs the database first. */
  recommend(customerId: string, n: number, policy?: ProductPolicy): Recommendations | null | typeof NEEDS_RECOMPUTE {
    const customer = this.bank.customer(customerId);
    if (!customer) return null;
    const today = this.servingDay();
    if (this.options.recomputed && this.needsRecompute(customerId, customer, today)) {
      const list = this.options.recomputed.get(customerId, today);
      if (!list) return NEEDS_RECOMPUTE;
      return this.answer(customerId, customer, today, (i) => list.productIds[i], list.scores, list.reasons, 0, list.productIds.length, n, true, policy);
    }
    const k = this.snapshot.customerNumbers.get(customerId);
    const { productIds, products, scores, reasons, offsets } = this.snapshot;
    if (k === undefined) return this.answer(customerId, customer, today, () => '', scores, reasons, 0, 0, n, false, policy);
    return this.answer(customerId, customer, today, (i) => productIds[products[i]], scores, reasons, offsets[k], offsets[k + 1], n, false, policy);
  }

  /** The answer, computing the customer's list from the database first when it must. */
  async recommendLive(customerId: string, n: number, policy?: ProductPolicy): Promise<Recommendations | null> {
    const answer = this.recommend(customerId, n, policy);
    if (answer !== NEEDS_RECOMPUTE) return answer;
    // A database that does not answer (a partition) must not hold the request: 503 after RECOMPUTE_MS.
    await withDeadline(
      this.options.recomputed!.compute(customerId, this.servingDay()),
      RECOMPUTE_MS,
      () => new NotReadyError(`this customer's answer needs the database, which did not answer within ${RECOMPUTE_MS} ms`),
    );
    const computed = this.recommend(customerId, n, policy);
    return computed === NEEDS_RECOMPUTE ? null : computed;
  }

  /** Today as the bank counts days, never before the snapshot's own day. */
  servingDay(): DayNumber {
    return Math.max(this.options.today(), this.snapshot.asOf);
  }

  /**
   * The snapshot holds a customer's rows as of its day for the products its build allowed. They can
   * lack some today: a customer it does not hold (opened since), one whose risk level rose or who
   * became loyal (老客) since, and everyone when a product was launched after it was built.
   */
  private needsRecompute(customerId: string, customer: CustomerNow, today: DayNumber): boolean {
    const k = this.snapshot.customerNumbers.get(customerId);
    if (k === undefined) return true;
    if ((customer.riskLevel ?? 1) > this.snapshot.riskAtBuild[k]) return true;
    if (customer.purchasesBefore < LOYAL_MIN_PURCHASES && customer.purchasesBefore + customer.boughtSince.length >= LOYAL_MIN_PURCHASES) return true;
    return this.productLaunchedSinceSnapshot(today);
  }

  /**
   * Whether a product is on sale today that the snapshot's shelf did not have (worked out once per
   * day and product table). A snapshot records its shelf; for an older one without it, a product that
   * started selling on or after its day and has no row in it counts as launched.
   */
  private productLaunchedSinceSnapshot(today: DayNumber): boolean {
    const products = this.bank.products;
    if (this.launched.day !== today || this.launched.products !== products) {
      const shelf = this.options.snapshotShelf;
      const inSnapshot = new Set(this.snapshot.productIds);
      let any = false;
      for (const [id, product] of products) {
        if (!onSale(product, today)) continue;
        if (shelf ? !shelf.has(id) : !inSnapshot.has(id) && product.saleStartDay >= this.snapshot.asOf) any = true;
      }
      this.launched = { day: today, products, any };
    }
    return this.launched.any;
  }

  private answer(
    customerId: string,
    customer: CustomerNow,
    today: DayNumber,
    productAt: (row: number) => string,
    scores: Float32Array,
    reasons: RowReasons,
    start: number,
    end: number,
    n: number,
    recomputed: boolean,
    policy?: ProductPolicy,
  ): Recommendations {
    const items: Recommendation[] = [];
    // A policy ranks all the customer's offerable products, so it needs them all; the model's order needs the first n.
    const wanted = policy ? Number.POSITIVE_INFINITY : n;
    for (let i = start; i < end && items.length < wanted; i++) {
      const product = this.bank.products.get(productAt(i));
      // A product deleted since the snapshot, off sale today, above the customer's risk level now, or held: never offered.
      if (!product || !offerableToday(customer, product, today)) continue;
      items.push({
        rank: items.length + 1,
        score: policy ? policy.score(product.facts.productId) : scores[i],
        ...product.facts,
        reasons: policy ? [] : servedReasonsOf(reasons.codes, reasons.values, i),
      });
    }
    if (policy) {
      // Stable: equal policy scores keep the model's order.
      items.sort((a, b) => b.score - a.score || a.rank - b.rank);
      items.length = Math.min(items.length, n);
      items.forEach((item, i) => {
        item.rank = i + 1;
      });
    }
    return {
      customerId,
      asOf: formatDay(recomputed ? today : this.snapshot.asOf),
      modelVersion: policy ? policy.label : this.snapshot.modelVersion,
      freshness: { snapshotAsOf: formatDay(this.snapshot.asOf), recomputed, changesAppliedThrough: this.options.changesAppliedThrough() },
      items,
    };
  }
}
