/** The generator's view of a product: the public columns of products.csv plus the latent traits customers respond to. */

import type { DayNumber } from '../src/domain/dates.js';
import type { Fen } from '../src/domain/money.js';

export const CATEGORIES = ['cash', 'fixed_income', 'mixed', 'equity', 'fund', 'bond', 'structured'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Dimension of the latent taste space shared by customers and products. */
export const TASTE_DIM = 4;

/**
 * Where each category sits in taste space: [safety, return, long horizon, promotion/digital].
 * Products are drawn around these (and around their series), so customers who like one
 * fixed-income product like the next one too: the collaborative signal a recommender can learn.
 */
export const CATEGORY_VECTORS: Record<Category, readonly number[]> = {
  cash: [1.2, -0.8, -1.2, 0.5],
  fixed_income: [0.8, 0.2, 0.3, 0],
  bond: [0.5, 0.3, 0.6, -0.3],
  mixed: [-0.2, 0.8, 0.3, 0.1],
  equity: [-1.0, 1.3, 0.6, 0.3],
  fund: [-0.5, 0.9, 0, 0.8],
  structured: [0.9, 0.3, 0.1, -0.5],
};

export interface SynthProduct {
  /** Position in products.csv, also the index used everywhere inside the generator. */
  index: number;
  id: string;
  name: string;
  /** Index into SERIES (product-names.ts); customers repeat series they liked. */
  series: number;
  category: Category;
  riskLevel: number;
  /** Expected yield in basis points: 385 is 3.85 %. */
  yieldBp: number;
  /** The yield the market pays for this risk and term; yieldBp above it makes a good deal. */
  fairYieldBp: number;
  /** 0 for open-ended products, which customers redeem when they like. */
  termDays: number;
  principalProtected: boolean;
  minFen: Fen;
  saleStart: DayNumber;
  /** Last day on sale; null for open-ended products that stay on sale. */
  saleEnd: DayNumber | null;
  /** Known only from the name in the CSV (新客专享 ...), kept here for the eligibility rule. */
  newCustomersOnly: boolean;
  /** Known only from the name in the CSV (老客专享 ...). */
  loyalCustomersOnly: boolean;
  /** Latent position in taste space. */
  vector: Float64Array;
  /** Latent appeal not explained by any column. */
  quality: number;
  /** Share of eligible customers messaged by SMS on launch day; 0 when there is no campaign. */
  smsRate: number;
  /** Day the principal comes back (fixed-term products only): the day after sale end plus the term. */
  maturityDay: DayNumber | null;
}
