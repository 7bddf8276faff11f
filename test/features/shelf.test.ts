/** The shelf a product is judged against: the products the customer may buy that day. */
import { describe, expect, it } from 'vitest';
import { ProductCatalog, type CatalogProduct } from '../../features/product-catalog.js';
import { describeShelf, yieldPremium, yieldRank } from '../../features/shelf.js';
import { catalogProduct } from '../support/catalog-product.js';

const product = (id: string, over: Partial<CatalogProduct>) => catalogProduct(id, { saleStartDay: 100, saleEndDay: 200, ...over });
const catalog = new ProductCatalog([
  product('A', { expectedYield: 2.8, termDays: 90, series: '稳盈', saleStartDay: 100 }),
  product('B', { expectedYield: 3.0, termDays: 91, series: '稳盈', saleStartDay: 120 }),
  product('C', { expectedYield: 3.5, termDays: 60, series: '鑫利' }),
  product('D', { expectedYield: null, termDays: 0, category: 'cash' }),
]);
const [A, B, C, D] = [0, 1, 2, 3];

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
});
