/**
 * The products as the bank's database has them now: what the page shows about each, and what the
 * rules of the day read (risk level, audience, term, sale window). Read when a set loads and again
 * whenever an import changes a product (a launch, an early close).
 */
import type { Knex } from 'knex';
import type { DayNumber } from '../../src/domain/dates.js';
import type { ProductAudience } from '../../src/domain/eligibility.js';
import { FEN_PER_YUAN } from '../../src/domain/money.js';
import { parseProductName } from '../../src/domain/product-name-flags.js';

/** What an answer says about a product. */
export interface ProductFacts {
  productId: string;
  name: string;
  category: string | null;
  riskLevel: number;
  /** Expected yield in percent; null when not published. */
  expectedYield: number | null;
  termDays: number;
  /** Smallest purchase, in yuan as a decimal string (money is never a float on the wire either). */
  minAmount: string;
}

export interface ServedProduct {
  facts: ProductFacts;
  audience: ProductAudience;
  saleStartDay: DayNumber;
  saleEndDay: DayNumber | null;
}

export function onSale(product: ServedProduct, day: DayNumber): boolean {
  return product.saleStartDay <= day && (product.saleEndDay === null || day <= product.saleEndDay);
}

function yuan(fen: number | string | bigint): string {
  const f = BigInt(fen);
  const whole = f / BigInt(FEN_PER_YUAN);
  const cents = (f % BigInt(FEN_PER_YUAN)).toString().padStart(2, '0');
  return `${whole}.${cents}`;
}

export async function loadServedProducts(knex: Knex): Promise<Map<string, ServedProduct>> {
  const rows = await knex('products').select(
    'product_id',
    'name',
    'category',
    'risk_level',
    'expected_yield',
    'term_days',
    'min_amount_fen',
    'sale_start_day',
    'sale_end_day',
  );
  return new Map(
    rows.map((p) => {
      const flags = parseProductName(p.name);
      const facts: ProductFacts = {
        productId: p.product_id,
        name: p.name,
        category: p.category ?? null,
        riskLevel: Number(p.risk_level),
        expectedYield: p.expected_yield === null ? null : Number(p.expected_yield),
        termDays: Number(p.term_days),
        minAmount: yuan(p.min_amount_fen),
      };
      const audience: ProductAudience = { riskLevel: facts.riskLevel, newCustomersOnly: flags.newCustomersOnly, loyalCustomersOnly: flags.loyalCustomersOnly };
      const saleEndDay = p.sale_end_day === null ? null : Number(p.sale_end_day);
      return [facts.productId, { facts, audience, saleStartDay: Number(p.sale_start_day), saleEndDay }];
    }),
  );
}
