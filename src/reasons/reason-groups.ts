/**
 * The reasons a recommendation can give, declared once: each a group of the wide table's number
 * features whose part in the score attribution measures (attribute-reasons.ts), the features its
 * text cites, when it holds for a row, and its texts. A reason is given only where every feature it
 * cites is known for the row and its condition holds: a text never states what the model did not see.
 *
 * What the texts may say: only what the customer's own screen shows (their own holdings, the
 * product's published facts) and bank-wide counts; amounts rounded to ¥1,000. `popular` counts the
 * purchases of everyone at the bank (popularity_7d): "popular this week", not "with customers like you".
 */
import { NUMBER_FEATURES } from '../wide-table/feature-set.js';

export interface ReasonText {
  zh: string;
  en: string;
}

export interface ReasonGroup {
  /** The code an answer carries, e.g. `maturing`. */
  code: string;
  /** Number features replaced by their training baseline to measure the group's part in a score. */
  features: readonly string[];
  /** Features the text reads: the reason is given for a row only when all are known (finite). */
  cites: readonly string[];
  /** The rounded value the text shows, from the cited values (in `cites` order); null when the reason does not hold. */
  value(cited: readonly number[]): number | null;
  text(value: number): ReasonText;
}

/** Code number written where a row has fewer than 3 reasons. */
export const NO_REASON = 255;
/** Reasons kept per row. */
export const REASONS_PER_ROW = 3;

/** Yuan in thousands, rounded; null below ¥500 (it would round to nothing). */
const thousands = (yuan: number): number | null => (yuan >= 500 ? Math.round(yuan / 1000) : null);
/** ¥ thousands as 万 with at most one decimal: 12 -> 1.2万, 150 -> 15万. */
const wan = (k: number) => `${Number((k / 10).toFixed(1))}万`;
const yuanThousands = (k: number) => `${k.toLocaleString('en')},000`;
/** A share (0..1] as a whole percent; null when it rounds to 0. */
const percent = (share: number): number | null => (share > 0 && Math.round(share * 100) >= 1 ? Math.round(share * 100) : null);

export const REASON_GROUPS: readonly ReasonGroup[] = [
  {
    code: 'maturing',
    features: ['maturing_amount_7d', 'maturing_amount_30d'],
    cites: ['maturing_amount_30d'],
    value: ([amount]) => thousands(amount),
    text: (k) => ({ zh: `您有约¥${wan(k)}的产品将在30天内到期`, en: `About ¥${yuanThousands(k)} of your holdings mature within 30 days` }),
  },
  {
    code: 'matured',
    features: ['matured_amount_7d', 'matured_amount_30d'],
    cites: ['matured_amount_30d'],
    value: ([amount]) => thousands(amount),
    text: (k) => ({ zh: `您有约¥${wan(k)}的产品在近30天内到期`, en: `About ¥${yuanThousands(k)} of your holdings matured in the last 30 days` }),
  },
  {
    code: 'yield_above_shelf',
    features: ['yield_minus_bucket_median', 'yield_minus_bucket_best', 'yield_rank_on_shelf'],
    cites: ['yield_minus_bucket_median'],
    // In hundredths of a point, so the stored value is an integer (a float32 0.35 prints as 0.3499...).
    value: ([gap]) => (Math.round(gap * 100) >= 1 ? Math.round(gap * 100) : null),
    text: (h) => ({
      zh: `预期收益率比在售同期限产品的中位数高${(h / 100).toFixed(2)}个百分点`,
      en: `Expected yield ${(h / 100).toFixed(2)} points above the median of same-term products on sale`,
    }),
  },
  {
    code: 'usual_term',
    features: ['same_term_bucket_share', 'log_term_gap_to_past'],
    cites: ['same_term_bucket_share'],
    value: ([share]) => percent(share),
    text: (p) => ({ zh: `期限与您常买的相近（占您以往购买的${p}%）`, en: `A term like the ones you usually buy (${p}% of your past purchases)` }),
  },
  {
    code: 'usual_series',
    features: ['bought_series_before', 'same_series_as_last'],
    cites: ['bought_series_before'],
    value: ([bought]) => (bought === 1 ? 1 : null),
    text: () => ({ zh: '您曾购买过这个系列的产品', en: 'From a series you have bought before' }),
  },
  {
    code: 'usual_category',
    features: ['same_category_share', 'same_category_as_last'],
    cites: ['same_category_share'],
    value: ([share]) => percent(share),
    text: (p) => ({ zh: `与您常买的产品同类（占您以往购买的${p}%）`, en: `The kind of product you usually buy (${p}% of your past purchases)` }),
  },
  {
    code: 'new_customer',
    features: ['new_customers_only'],
    cites: ['new_customers_only'],
    value: ([only]) => (only === 1 ? 1 : null),
    text: () => ({ zh: '新客专享产品', en: 'A product for new customers' }),
  },
  {
    code: 'popular',
    features: ['popularity_1d', 'popularity_7d', 'popularity_30d'],
    cites: ['popularity_7d'],
    value: ([purchases]) => (purchases >= 1 ? Math.round(purchases) : null),
    text: (n) => ({
      zh: `本周热销：近7天全行共${n}笔购买`,
      en: `Popular this week: ${n.toLocaleString('en')} purchase${n === 1 ? '' : 's'} at the bank in the last 7 days`,
    }),
  },
  {
    code: 'new_issue',
    features: ['newest_of_series', 'days_since_sale_start'],
    cites: ['days_since_sale_start'],
    value: ([days]) => (days >= 0 && days <= 14 ? Math.round(days) : null),
    text: (d) => (d === 0 ? { zh: '今日新发行', en: 'New issue: on sale from today' } : { zh: `新发行：上市${d}天`, en: `New issue: on sale for ${d} days` }),
  },
];

/** The group's number by code (an answer's code back to its group). */
export const REASON_NUMBERS: ReadonlyMap<string, number> = new Map(REASON_GROUPS.map((g, k) => [g.code, k]));

// Checked once at load: a renamed feature must not leave a reason silently without its features.
const known = new Set(NUMBER_FEATURES.map((f) => f.name));
for (const g of REASON_GROUPS)
  for (const name of [...g.features, ...g.cites])
    if (!known.has(name)) throw new Error(`reason ${g.code} names "${name}", which is not a number feature of the wide table`);
if (REASON_GROUPS.length >= NO_REASON) throw new Error('too many reason groups for a byte code');
