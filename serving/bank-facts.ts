/** What the page shows about a product, and which customers exist: read from the bank's tables when a snapshot is loaded. */
import type { Knex } from 'knex';
import { FEN_PER_YUAN } from '../src/domain/money.js';

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

export interface BankFacts {
  products: Map<string, ProductFacts>;
  customers: Set<string>;
}

function yuan(fen: number | string | bigint): string {
  const f = BigInt(fen);
  const whole = f / BigInt(FEN_PER_YUAN);
  const cents = (f % BigInt(FEN_PER_YUAN)).toString().padStart(2, '0');
  return `${whole}.${cents}`;
}

export async function loadBankFacts(knex: Knex): Promise<BankFacts> {
  const products = await knex('products').select('product_id', 'name', 'category', 'risk_level', 'expected_yield', 'term_days', 'min_amount_fen');
  const customers = await knex('customers').pluck('customer_id');
  return {
    products: new Map(
      products.map((p) => [
        p.product_id as string,
        {
          productId: p.product_id,
          name: p.name,
          category: p.category ?? null,
          riskLevel: Number(p.risk_level),
          expectedYield: p.expected_yield === null ? null : Number(p.expected_yield),
          termDays: Number(p.term_days),
          minAmount: yuan(p.min_amount_fen),
        },
      ]),
    ),
    customers: new Set(customers as string[]),
  };
}
