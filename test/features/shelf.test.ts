/** The shelf a product is judged against, and the holdings whose money a successor product may take. */
import { describe, expect, it } from 'vitest';
import { computeReinvestmentFeatures } from '../../features/compute-reinvestment.js';
import { FeatureValues } from '../../features/feature-values.js';
import { historyAsOf, type CustomerHistory } from '../../features/point-in-time.js';
import { ProductCatalog, type CatalogProduct } from '../../features/product-catalog.js';
import { SeriesTransitions, seriesKey } from '../../features/series-transitions.js';
import { describeShelf, PastShelves, yieldPremium, yieldRank } from '../../features/shelf.js';
import { NUMBER_FEATURES } from '../../src/wide-table/feature-set.js';
import { catalogProduct } from '../support/catalog-product.js';

const product = (id: string, over: Partial<CatalogProduct>) => catalogProduct(id, { saleStartDay: 100, saleEndDay: 200, ...over });
const catalog = new ProductCatalog([
  product('A', { expectedYield: 2.8, termDays: 90, series: '稳盈', saleStartDay: 100 }),
  product('B', { expectedYield: 3.0, termDays: 91, series: '稳盈', saleStartDay: 120 }),
  product('C', { expectedYield: 3.5, termDays: 60, series: '鑫利' }),
  product('D', { expectedYield: null, termDays: 0, category: 'cash' }),
  product('E', { expectedYield: 4.0, termDays: 365, saleStartDay: 300, saleEndDay: null }),
]);
const [A, B, C, D, E] = [0, 1, 2, 3, 4];

describe('a shelf', () => {
  const shelf = describeShelf(catalog, [A, B, C, D]);

  it('compares a yield with the median and the best of its term bucket', () => {
    // A, B and C share the 32..93-day bucket: median 3.0, best 3.5.
    expect(yieldPremium(shelf, catalog, A)).toBeCloseTo(-0.2, 9);
    expect(yieldPremium(shelf, catalog, C)).toBeCloseTo(0.5, 9);
    expect(shelf.bucketBest.get(2)).toBe(3.5);
    expect(yieldPremium(shelf, catalog, D)).toBeNaN();
  });

  it('ranks a yield among the known ones: 0 the best, 1 the worst', () => {
    expect(yieldRank(shelf, catalog, C)).toBe(0);
    expect(yieldRank(shelf, catalog, B)).toBe(0.5);
    expect(yieldRank(shelf, catalog, A)).toBe(1);
    expect(yieldRank(shelf, catalog, D)).toBeNaN();
    expect(yieldRank(describeShelf(catalog, [A]), catalog, A)).toBe(0);
  });

  it('knows the newest issue of each series', () => {
    expect(shelf.newestIssue.get('稳盈')).toBe(120);
    expect(shelf.newestIssue.get('鑫利')).toBe(100);
  });

  it('of a past day holds what was on sale then, whoever bought', () => {
    const past = new PastShelves(catalog);
    expect([...past.on(150).products]).toEqual([A, B, C, D]);
    expect([...past.on(310).products]).toEqual([E]);
    expect(past.on(150)).toBe(past.on(150));
  });
});

describe('reinvestment', () => {
  const bought = (days: number[], products: number[]): CustomerHistory => ({
    customer: { id: 'X', gender: null, birthDay: null, openDay: 0, riskLevel: 3, city: null },
    deposits: { day: new Int32Array(0), demandFen: new Float64Array(0), timeFen: new Float64Array(0) },
    loans: { day: new Int32Array(0), balanceFen: new Float64Array(0) },
    salaries: { day: new Int32Array(0), amountFen: new Float64Array(0) },
    purchases: {
      day: Int32Array.from(days),
      product: Int32Array.from(products),
      amountFen: Float64Array.from(days, () => 100_000),
      channel: Int32Array.from(days, () => -1),
    },
    contacts: { day: new Int32Array(0), product: new Int32Array(0), responded: new Int32Array(0) },
  });
  const successor = (history: CustomerHistory, asOf: number, p: number) => {
    const out = new FeatureValues();
    computeReinvestmentFeatures(historyAsOf(history, asOf), catalog, p, out);
    return out.numbers[NUMBER_FEATURES.findIndex((f) => f.name === 'successor_of_maturing')];
  };

  it('links a holding maturing within 7 days, or matured within 14, to another product of its series', () => {
    // A bought on day 60 matures on day 150.
    const h = bought([60], [A]);
    expect(successor(h, 144, B)).toBe(1); // matures in 6 days
    expect(successor(h, 143, B)).toBe(0); // in 7: not yet
    expect(successor(h, 164, B)).toBe(1); // matured 14 days before
    expect(successor(h, 165, B)).toBe(0);
    expect(successor(h, 150, C)).toBe(0); // another series
    expect(successor(h, 150, A)).toBe(0); // the holding itself is not its successor
  });

  it('links products without a series by category and term bucket', () => {
    const noSeries = new ProductCatalog([product('F', { termDays: 90 }), product('G', { termDays: 60 }), product('H', { termDays: 365 })]);
    const out = new FeatureValues();
    const at = NUMBER_FEATURES.findIndex((f) => f.name === 'successor_of_maturing');
    computeReinvestmentFeatures(historyAsOf(bought([60], [0]), 150), noSeries, 1, out);
    expect(out.numbers[at]).toBe(1);
    computeReinvestmentFeatures(historyAsOf(bought([60], [0]), 150), noSeries, 2, out);
    expect(out.numbers[at]).toBe(0);
  });

  it('never reads a purchase on or after the day', () => {
    expect(successor(bought([150 - 90, 151], [A, A]), 150, B)).toBe(1);
    expect(successor(bought([150], [A]), 150, B)).toBe(0);
  });
});

describe('series transitions', () => {
  it('give the share of next purchases into a series, counting only transitions before the day', () => {
    const t = new SeriesTransitions([
      { from: '稳盈', to: '稳盈', day: 10, count: 3 },
      { from: '稳盈', to: '鑫利', day: 12, count: 1 },
      { from: '稳盈', to: '鑫利', day: 20, count: 4 },
      { from: '鑫利', to: '稳盈', day: 11, count: 2 },
    ]);
    expect(t.share('稳盈', '稳盈', 10)).toBeNaN(); // nothing before day 10
    expect(t.share('稳盈', '稳盈', 11)).toBe(1);
    expect(t.share('稳盈', '鑫利', 13)).toBe(1 / 4);
    expect(t.share('稳盈', '鑫利', 21)).toBe(5 / 8);
    expect(t.share('稳盈', 'other', 21)).toBe(0);
    expect(t.share('鑫利', '稳盈', 12)).toBe(1);
  });

  it('key a product by its series, or by its category and term bucket without one', () => {
    expect(seriesKey(catalog.products[A])).toBe('稳盈');
    expect(seriesKey(catalog.products[D])).toBe('cash/0');
    expect(seriesKey(catalog.products[E])).toBe('fixed_income/4');
  });
});
