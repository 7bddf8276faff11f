/**
 * A shelf: the products a customer could choose from on a day, summarised by yield per term bucket.
 * A product is judged against its alternatives, not in absolute terms: 3.1% is generous among
 * 3-month products yielding 2.8% and poor beside one at 3.5%.
 */
import { termBucket } from './term-bucket.js';
import type { ProductCatalog } from './product-catalog.js';

export interface Shelf {
  /** The products on the shelf (catalog indices). */
  products: readonly number[];
  /** Known yields of the shelf, descending. */
  yieldsDescending: Float64Array;
  /** Per term bucket: the median and the best known yield of the shelf's products in it. */
  bucketMedian: Map<number, number>;
  bucketBest: Map<number, number>;
  /** Per series: the latest sale start among the shelf's products of it. */
  newestIssue: Map<string, number>;
}

function median(sortedAscending: number[]): number {
  const n = sortedAscending.length;
  return n % 2 === 1 ? sortedAscending[(n - 1) / 2] : (sortedAscending[n / 2 - 1] + sortedAscending[n / 2]) / 2;
}

export function describeShelf(catalog: ProductCatalog, products: readonly number[]): Shelf {
  const byBucket = new Map<number, number[]>();
  const yields: number[] = [];
  const newestIssue = new Map<string, number>();
  for (const i of products) {
    const p = catalog.products[i];
    if (p.series !== null) newestIssue.set(p.series, Math.max(newestIssue.get(p.series) ?? -Infinity, p.saleStartDay));
    if (p.expectedYield === null) continue;
    yields.push(p.expectedYield);
    const bucket = termBucket(p.termDays);
    const list = byBucket.get(bucket);
    if (list) list.push(p.expectedYield);
    else byBucket.set(bucket, [p.expectedYield]);
  }
  const bucketMedian = new Map<number, number>();
  const bucketBest = new Map<number, number>();
  for (const [bucket, list] of byBucket) {
    list.sort((a, b) => a - b);
    bucketMedian.set(bucket, median(list));
    bucketBest.set(bucket, list[list.length - 1]);
  }
  return { products, yieldsDescending: Float64Array.from(yields).sort().reverse(), bucketMedian, bucketBest, newestIssue };
}

/** The product's yield minus the median of its term bucket on the shelf; NaN when its yield is unknown. */
export function yieldPremium(shelf: Shelf, catalog: ProductCatalog, product: number): number {
  const p = catalog.products[product];
  if (p.expectedYield === null) return NaN;
  return p.expectedYield - (shelf.bucketMedian.get(termBucket(p.termDays)) ?? p.expectedYield);
}

/**
 * Where the product's yield ranks on the shelf: the share of the other known yields above it (0: the
 * best, 1: the worst, 0 alone); NaN when its yield is unknown.
 */
export function yieldRank(shelf: Shelf, catalog: ProductCatalog, product: number): number {
  const y = catalog.products[product].expectedYield;
  if (y === null) return NaN;
  const others = shelf.yieldsDescending.length - 1;
  if (others <= 0) return 0;
  let above = 0;
  while (above < shelf.yieldsDescending.length && shelf.yieldsDescending[above] > y) above++;
  return above / others;
}
