/** The products with their name flags and, per product, who bought it on which day (for popularity). */
import type { Knex } from 'knex';
import type { DayNumber } from '../src/domain/dates.js';
import { parseProductName } from '../src/domain/product-name-flags.js';
import { countBefore } from './point-in-time.js';

export interface CatalogProduct {
  id: string;
  name: string;
  category: string | null;
  riskLevel: number;
  expectedYield: number | null;
  termDays: number;
  principalProtected: number | null;
  minAmountFen: number;
  saleStartDay: DayNumber;
  saleEndDay: DayNumber | null;
  newCustomersOnly: boolean;
  loyalCustomersOnly: boolean;
  vip: boolean;
  series: string | null;
  /** Days with purchases of this product, ascending, and the running count of purchases up to each. */
  purchaseDays: Int32Array;
  cumulativePurchases: Int32Array;
}

export class ProductCatalog {
  readonly index = new Map<string, number>();

  constructor(readonly products: CatalogProduct[]) {
    for (const [i, p] of products.entries()) this.index.set(p.id, i);
  }

  /** Products on sale on the day (sale_end inclusive). */
  onSale(day: DayNumber): number[] {
    const out: number[] = [];
    this.products.forEach((p, i) => {
      if (p.saleStartDay <= day && (p.saleEndDay === null || day <= p.saleEndDay)) out.push(i);
    });
    return out;
  }

  /** Purchases of the product by anyone in the `window` days before `day` (never on or after it). */
  popularity(product: number, day: DayNumber, window: number): number {
    const p = this.products[product];
    const upTo = (d: DayNumber) => {
      const k = countBefore(p.purchaseDays, d);
      return k === 0 ? 0 : p.cumulativePurchases[k - 1];
    };
    return upTo(day) - upTo(day - window);
  }

  static async load(knex: Knex): Promise<ProductCatalog> {
    const rows = await knex('products').select('*').orderBy('product_id');
    const products: CatalogProduct[] = rows.map((r) => {
      const flags = parseProductName(r.name);
      return {
        id: r.product_id,
        name: r.name,
        category: r.category,
        riskLevel: Number(r.risk_level),
        expectedYield: r.expected_yield === null ? null : Number(r.expected_yield),
        termDays: Number(r.term_days),
        principalProtected: r.principal_protected === null ? null : Number(r.principal_protected),
        minAmountFen: Number(r.min_amount_fen),
        saleStartDay: Number(r.sale_start_day),
        saleEndDay: r.sale_end_day === null ? null : Number(r.sale_end_day),
        ...flags,
        purchaseDays: new Int32Array(0),
        cumulativePurchases: new Int32Array(0),
      };
    });
    const catalog = new ProductCatalog(products);
    // Daily counts are small (products x days) and the GROUP BY is portable to every engine.
    const counts = (await knex('purchases')
      .select('product_id', 'purchase_day')
      .count({ n: '*' })
      .groupBy('product_id', 'purchase_day')
      .orderBy(['product_id', 'purchase_day'])) as unknown as Array<{ product_id: string; purchase_day: number; n: number | string }>;
    const perProduct = new Map<number, Array<[number, number]>>();
    for (const c of counts) {
      const i = catalog.index.get(c.product_id);
      if (i === undefined) continue;
      let list = perProduct.get(i);
      if (!list) {
        list = [];
        perProduct.set(i, list);
      }
      list.push([Number(c.purchase_day), Number(c.n)]);
    }
    for (const [i, list] of perProduct) {
      const days = new Int32Array(list.length);
      const cumulative = new Int32Array(list.length);
      let total = 0;
      list.forEach(([day, n], k) => {
        days[k] = day;
        cumulative[k] = total += n;
      });
      products[i].purchaseDays = days;
      products[i].cumulativePurchases = cumulative;
    }
    return catalog;
  }
}
