/** Product series and the Chinese names built from them; the audience flags live only in the name, as at a real bank. */

import { parseProductName } from '../src/domain/product-name-flags.js';
import type { Category } from './product.js';
import type { Rng } from '../src/random.js';

/** Name prefixes that make a product new-customer-only (never bought before). */
export const NEW_CUSTOMER_MARKERS = ['新客专享', '新手专享', '首购专享'] as const;
/** Name prefixes that make a product loyal-customer-only. */
export const LOYAL_CUSTOMER_MARKERS = ['老客专享', '忠诚客户专享'] as const;
/** Private-banking products: no eligibility flag, just a 100万 minimum. */
export const VIP_MARKER = '私行尊享';

/** The audience flags a reader of products.csv recovers from a name: the features' own rule, so there is only one. */
export function audienceFromName(name: string): { newCustomersOnly: boolean; loyalCustomersOnly: boolean } {
  const { newCustomersOnly, loyalCustomersOnly } = parseProductName(name);
  return { newCustomersOnly, loyalCustomersOnly };
}

type NameStyle = 'term-no' | 'term-issue' | 'issue' | 'variant' | 'vip' | 'open';

export interface Series {
  name: string;
  categories: readonly Category[];
  /** Terms the series is issued with; empty for open-ended series. */
  terms: readonly number[];
  styles: readonly NameStyle[];
  /** Word inserted by the `variant` style: 季季红固收增强A款. */
  variantWord?: string;
}

const ANY_TERM = [7, 14, 30, 63, 91, 182, 365, 730] as const;

export const SERIES: readonly Series[] = [
  { name: '稳盈', categories: ['fixed_income', 'structured'], terms: [7, 14, 30, 63, 91, 182, 365], styles: ['term-no'] },
  { name: '安享', categories: ['fixed_income', 'bond'], terms: [14, 30, 63, 91, 182, 365, 730], styles: ['term-no'] },
  { name: '鑫利', categories: ['mixed', 'fixed_income'], terms: [63, 91, 182, 365, 730], styles: ['term-issue'] },
  { name: '恒利', categories: ['fixed_income', 'bond'], terms: [182, 365, 730], styles: ['term-no'] },
  { name: '季季红', categories: ['fixed_income', 'mixed'], terms: [91], styles: ['issue', 'variant'], variantWord: '固收增强' },
  { name: '月月享', categories: ['fixed_income'], terms: [30], styles: ['issue'] },
  { name: '双月盈', categories: ['fixed_income', 'bond'], terms: [63], styles: ['issue'] },
  { name: '半年盈', categories: ['fixed_income', 'mixed'], terms: [182], styles: ['issue', 'variant'], variantWord: '稳健' },
  { name: '年年丰', categories: ['fixed_income', 'mixed', 'bond'], terms: [365], styles: ['issue'] },
  { name: '周周利', categories: ['fixed_income', 'structured'], terms: [7, 14], styles: ['term-no'] },
  { name: '睿进', categories: ['equity', 'fund', 'mixed'], terms: [91, 182, 365, 730], styles: ['term-no'] },
  { name: '智远成长', categories: ['equity', 'fund'], terms: ANY_TERM, styles: ['term-issue'] },
  { name: '汇利结构性存款', categories: ['structured'], terms: [30, 63, 91, 182, 365], styles: ['term-issue'] },
  { name: '恒睿', categories: ['fixed_income', 'mixed', 'bond'], terms: [182, 365, 730], styles: ['vip'] },
  { name: '天天盈', categories: ['cash'], terms: [], styles: ['open'] },
  { name: '日日金', categories: ['cash'], terms: [], styles: ['open'] },
  { name: '债券优选', categories: ['bond'], terms: [], styles: ['open'] },
  { name: '安享开放', categories: ['fixed_income'], terms: [], styles: ['open'] },
  { name: '鑫利平衡', categories: ['mixed'], terms: [], styles: ['open'] },
  { name: '智选权益', categories: ['equity', 'fund'], terms: [], styles: ['open'] },
];

/** Index of a series by name (the open-ended products are declared by name). */
export function seriesIndex(name: string): number {
  const i = SERIES.findIndex((s) => s.name === name);
  if (i < 0) throw new Error(`unknown product series "${name}"`);
  return i;
}

/** Series that issue products of this category and term; VIP products use only the VIP series. */
export function seriesFor(category: Category, termDays: number, vip: boolean): number[] {
  const found: number[] = [];
  SERIES.forEach((s, i) => {
    const isVip = s.styles.includes('vip');
    if (isVip === vip && s.categories.includes(category) && s.terms.includes(termDays)) found.push(i);
  });
  return found.length > 0 ? found : [vip ? seriesIndex('恒睿') : seriesIndex('稳盈')];
}

const LETTERS = 'ABCDEFGHJK';

/** A launch's name; `issue` numbers the launches of one series and term from 1, which keeps names unique. */
export function productName(rng: Rng, series: number, termDays: number, issue: number, prefix: string): string {
  const s = SERIES[series];
  const style = rng.pick(s.styles);
  const head = prefix ? `${prefix}·${s.name}` : s.name;
  switch (style) {
    case 'term-no':
      return `${head}${termDays}天${issue}号`;
    case 'term-issue':
      return `${head}${termDays}天${issue}期`;
    case 'issue':
      return `${head}${issue}期`;
    case 'variant':
      return `${head}${s.variantWord ?? ''}${LETTERS[(issue - 1) % LETTERS.length]}款${issue > LETTERS.length ? `${Math.ceil(issue / LETTERS.length)}期` : ''}`;
    case 'vip':
      return `${head}${termDays}天${issue > 1 ? `${issue}号` : ''}`;
    case 'open':
      return head;
  }
}
