/**
 * Every feature of the wide table, declared once: its name, kind, family and meaning. The Arrow
 * schema, the column order, the manifest and the report glossary all follow from this list.
 */

/** `number`: Float32, NaN when unknown. `category`: a string, null when unknown. */
export type FeatureKind = 'number' | 'category';

import { FEATURE_TAGS } from '../profile-table/profile-tags.js';

export type FeatureFamily = 'customer' | 'deposits' | 'loans_salary' | 'history' | 'contacts' | 'profile' | 'horizon' | 'product' | 'cross' | 'shelf';

/** The families that describe the customer alone, whatever the product: what the demand and value models read. */
export const CUSTOMER_FAMILIES: readonly FeatureFamily[] = ['customer', 'deposits', 'loans_salary', 'history', 'contacts', 'profile'];
/**
 * What falls inside the window [d, d + H) of a table with a horizon H (horizon-features.ts): set in
 * demand and value tables and in a snapshot built for a horizon, unknown elsewhere. The demand model
 * reads it beside the customer families; the recommender, whose samples have no horizon, never does.
 */
export const HORIZON_FAMILY: FeatureFamily = 'horizon';
export const DEMAND_FAMILIES: readonly FeatureFamily[] = [...CUSTOMER_FAMILIES, HORIZON_FAMILY];

export interface FeatureSpec {
  name: string;
  kind: FeatureKind;
  family: FeatureFamily;
  description: string;
}

const n = (family: FeatureFamily, name: string, description: string): FeatureSpec => ({ name, kind: 'number', family, description });
const c = (family: FeatureFamily, name: string, description: string): FeatureSpec => ({ name, kind: 'category', family, description });

/** Deposit windows in days, as in the case: the last 3 months, month and week. */
export const DEPOSIT_WINDOWS = [90, 30, 7] as const;
export const HISTORY_WINDOWS = [30, 90, 365] as const;
export const POPULARITY_WINDOWS = [1, 7, 30] as const;
export const MATURITY_WINDOWS = [7, 30] as const;
/**
 * Whether a contact was answered is known only once its response window has closed: contacts.csv's
 * `responded` means "bought within the campaign's window", 7 days at the reference bank. A feature as
 * of d reads the answer of a contact from day c only when c + 7 < d; before that it would leak d itself.
 */
export const CONTACT_RESPONSE_DAYS = 7;

export const FEATURES: readonly FeatureSpec[] = [
  n('customer', 'age_years', 'age in whole years on the as-of day; NaN when the birth date is unknown'),
  n('customer', 'tenure_days', 'days since open_date'),
  c('customer', 'gender', 'M, F or U; null when unknown'),
  n('customer', 'customer_risk', 'assessed risk tolerance C1..C5 (unknown counts as 1, SCHEMA.md)'),
  n('customer', 'customer_risk_unknown', '1 when the bank has no risk assessment'),
  c('customer', 'city', 'city; null when unknown'),

  ...DEPOSIT_WINDOWS.flatMap((w) => [
    n(
      'deposits',
      `demand_avg_${w}d`,
      `daily average demand (活期) balance in yuan over the ${w} days before, carrying sparse rows forward, over the days with a known balance`,
    ),
    n('deposits', `time_avg_${w}d`, `daily average time (定期) balance in yuan over the ${w} days before`),
    n('deposits', `total_avg_${w}d`, `daily average demand + time balance in yuan over the ${w} days before`),
  ]),
  n('deposits', 'known_balance_days_90d', 'days of the last 90 with a known balance (a new customer has few)'),
  n('deposits', 'demand_last', 'demand balance at the end of the day before, in yuan'),
  n('deposits', 'total_last', 'demand + time balance at the end of the day before, in yuan'),
  n('deposits', 'total_ratio_7d_90d', 'total_avg_7d / total_avg_90d: money building up (>1) or draining'),
  n('deposits', 'demand_ratio_7d_30d', 'demand_avg_7d / demand_avg_30d'),
  n('deposits', 'total_change_7d_vs_30d', 'total_avg_7d - total_avg_30d, in yuan'),
  n('deposits', 'demand_change_last_vs_30d', 'demand_last - demand_avg_30d, in yuan: the build-up just before'),
  n('deposits', 'days_since_balance_rose', 'days since the total balance last went up; NaN when it never did'),

  n('loans_salary', 'loan_balance', 'outstanding loan at the end of the day before, in yuan (0 without a loan)'),
  n('loans_salary', 'loan_change_30d', 'loan balance now minus 30 days before, in yuan'),
  n('loans_salary', 'salary_avg_month_3m', 'payroll credits over the 90 days before, divided by 3, in yuan'),
  n('loans_salary', 'days_since_pay', 'days since the last payroll credit; NaN when never paid'),

  n('history', 'never_purchased', '1 for a customer with no purchase before the day (a new customer)'),
  n('history', 'days_since_last_purchase', 'days since the last purchase; NaN when never_purchased'),
  ...HISTORY_WINDOWS.flatMap((w) => [
    n('history', `purchases_count_${w}d`, `purchases in the ${w} days before`),
    n('history', `purchases_amount_${w}d`, `yuan bought in the ${w} days before`),
  ]),
  n('history', 'holdings_value', 'principal of products held on the day (bought before, not yet matured), in yuan'),
  n('history', 'holdings_count', 'number of products held on the day'),
  ...MATURITY_WINDOWS.flatMap((w) => [
    n('history', `maturing_amount_${w}d`, `principal of holdings that mature within the next ${w} days, in yuan`),
    n('history', `matured_amount_${w}d`, `principal that matured in the ${w} days before, in yuan (money to reinvest)`),
  ]),
  c('history', 'last_category', 'category of the last product bought; null when never_purchased'),
  n('history', 'last_risk', 'risk level of the last product bought'),
  n('history', 'last_term_days', 'term of the last product bought'),
  n('history', 'last_yield', 'expected yield of the last product bought, in percent'),
  n('history', 'last_amount', 'amount of the last purchase, in yuan'),

  n('contacts', 'contacts_7d', 'marketing contacts (any channel) in the 7 days before'),
  n('contacts', 'contacts_30d', 'marketing contacts in the 30 days before'),
  n('contacts', 'days_since_contact', 'days since the last contact; NaN when never contacted'),
  n(
    'contacts',
    'contacts_answered_365d',
    `contacts of the 365 days before that were answered, counting only contacts whose ${CONTACT_RESPONSE_DAYS}-day response window had closed`,
  ),
  n('contacts', 'contact_response_rate', 'answered / closed contacts over the whole history; NaN when no contact window has closed'),

  // Profile tags that add to the columns above (features/profile/profile-tags.ts); the ablation in BENCHMARKS.md measures them.
  ...FEATURE_TAGS.map((t) => (t.kind === 'number' ? n : c)('profile', t.name, t.description)),

  n('horizon', 'horizon_days', 'H, the length of the window [d, d + H) the table was built for (tables of several horizons can be pooled)'),
  n(
    'horizon',
    'maturing_amount_horizon',
    'principal of fixed-term products bought before d whose term (purchase day + term_days) ends inside [d, d + H), in yuan',
  ),
  n('horizon', 'maturing_count_horizon', 'number of those products'),
  n('horizon', 'days_to_next_maturity', 'days from d to the next maturity of a fixed-term product held; NaN when none is held'),
  n(
    'horizon',
    'days_to_expected_pay',
    "days from d to the next day with the customer's usual pay day of the month (the median day of the month of their last 6 payroll credits before d); NaN when payroll is not running (fewer than 2 credits in the year before, or none in the last 45 days)",
  ),
  n('horizon', 'pay_expected_in_horizon', '1 when that expected pay day falls inside [d, d + H); 0 without a running payroll'),
  ...(
    [
      ['month_end', 'the last day of the month'],
      ['quarter_end', 'the end of the quarter (31 Mar, 30 Jun, 30 Sep, 31 Dec)'],
      ['year_end', '31 December'],
      [
        'spring_festival',
        'the Spring Festival (春节, the first day of the lunar year; dates 2015..2035 in src/calendar/spring-festival.ts); NaN past the last date of the table',
      ],
      ['national_day', 'the National Day holiday (国庆, 1..7 October; 0 inside it)'],
    ] as const
  ).flatMap(([event, what]) => [
    n('horizon', `days_to_${event}`, `days from d to ${what}; 0 on the day, capped at H (H: not inside the window)`),
    n('horizon', `${event}_in_horizon`, `1 when ${what.split(' (')[0]} falls inside [d, d + H)`),
  ]),

  n('product', 'product_risk', 'product risk rating R1..R5'),
  n('product', 'product_yield', 'expected yield in percent; NaN when not published'),
  n('product', 'product_term_days', 'term in days; 0 for open-ended products'),
  n('product', 'principal_protected', '1 when principal is protected; NaN when unknown'),
  n('product', 'product_min_amount', 'smallest purchase allowed, in yuan'),
  c('product', 'product_category', 'category, e.g. cash, fixed_income, equity'),
  n('product', 'days_since_sale_start', 'days since the first day on sale'),
  n('product', 'days_to_sale_end', 'days left on sale including the day; NaN when open-ended'),
  n('product', 'new_customers_only', '1 when the name says 新客/新手/首购专享'),
  n('product', 'loyal_customers_only', '1 when the name says 老客/忠诚客户专享'),
  n('product', 'vip', '1 when the name says 私行/VIP'),
  c('product', 'product_series', 'series parsed from the name, e.g. 稳盈'),
  ...POPULARITY_WINDOWS.map((w) => n('product', `popularity_${w}d`, `purchases of this product by anyone in the ${w} days before`)),

  n('cross', 'risk_gap', 'product risk minus customer risk (never above 0 among allowed products)'),
  n('cross', 'min_amount_over_balance', 'product min amount / demand_last; NaN when the balance is unknown or 0'),
  n('cross', 'yield_minus_last', 'product yield minus the last purchase yield; NaN when never_purchased'),
  n('cross', 'same_category_share', 'share of past purchases in this product category; NaN when never_purchased'),
  n('cross', 'same_term_bucket_share', 'share of past purchases in the same term bucket (open, <=1m, <=3m, <=6m, <=1y, longer)'),
  n('cross', 'bought_product_before', '1 when the customer bought this very product before'),
  n('cross', 'bought_series_before', '1 when the customer bought a product of this series before'),
  n('cross', 'same_series_as_last', '1 when the last product bought is of this series (customers roll over into the same series)'),
  n('cross', 'same_category_as_last', '1 when the last product bought is of this category'),
  n('cross', 'risk_minus_past_mean', 'product risk minus the mean risk of past purchases; NaN when never_purchased'),
  n('cross', 'contacted_about_product_7d', 'contacts promoting this product in the 7 days before'),
  n(
    'cross',
    'log_term_gap_to_past',
    '(log(term+7) - mean log(term+7) of past purchases)^2: how far the term is from the terms the customer buys; NaN when never_purchased',
  ),

  // The customer's shelf that day: the products on sale they may buy (features/shelf.ts).
  n('shelf', 'shelf_size', 'products on sale that the customer may buy that day'),
  n('shelf', 'yield_minus_bucket_median', 'product yield minus the median yield of the shelf products in its term bucket; NaN when the yield is unknown'),
  n('shelf', 'yield_minus_bucket_best', 'product yield minus the best yield of the shelf products in its term bucket (0 for the best)'),
  n('shelf', 'yield_rank_on_shelf', 'share of the other known yields on the shelf above this one: 0 the best, 1 the worst; NaN when the yield is unknown'),
  n('shelf', 'newest_of_series', '1 when no product of its series on the shelf went on sale later; NaN without a series'),
];

/** Columns that identify a row; `label` exists only in training samples. */
export const KEY_COLUMNS = ['customer_id', 'product_id', 'as_of'] as const;
export const LABEL_COLUMN = 'label';

export const NUMBER_FEATURES = FEATURES.filter((f) => f.kind === 'number');
export const CATEGORY_FEATURES = FEATURES.filter((f) => f.kind === 'category');
