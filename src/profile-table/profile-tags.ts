/**
 * The customer profile (用户画像), declared once: every tag's name, kind, group and meaning, in the
 * case's groups (basic, level, preference, transaction, churn, credit, potential demand, value). The
 * profile table's columns, the API's answer and the glossary in docs/profiles.md follow this list.
 * Tags marked `asFeature` also feed the recommender and the demand and value models (the `profile`
 * feature family); the rest repeat a feature already there (age, balances) in banded form.
 */
export type TagGroup = 'basic' | 'level' | 'preference' | 'transaction' | 'churn' | 'credit' | 'demand' | 'value';

export interface TagSpec {
  name: string;
  kind: 'number' | 'category';
  group: TagGroup;
  description: string;
  /** Also a column of the wide table (feature family `profile`). */
  asFeature: boolean;
}

// Generic in the name, so that HistoryTags below knows every tag by name.
const num = <N extends string>(group: TagGroup, name: N, description: string, asFeature = false) => ({
  name,
  kind: 'number' as const,
  group,
  description,
  asFeature,
});
const cat = <N extends string>(group: TagGroup, name: N, description: string, asFeature = false) => ({
  name,
  kind: 'category' as const,
  group,
  description,
  asFeature,
});
const FEATURE = true;

/** The tags computed from the bank's tables as of a day (everything but the model scores). */
export const HISTORY_TAGS = [
  cat('basic', 'age_band', 'age on the as-of day: <25, 25-34, 35-44, 45-54, 55-64, 65+; null when the birth date is unknown'),
  cat('basic', 'tenure_band', 'time since open_date: <3m, 3-12m, 1-3y, 3-5y, 5y+'),
  cat('basic', 'gender', 'M, F or U; null when unknown'),
  cat('basic', 'city', 'city; null when unknown'),

  num('level', 'aum_yuan', 'assets under management: deposits at the end of the day before plus the principal of products held, in yuan', FEATURE),
  cat('level', 'aum_tier', 'mass (<50,000 yuan), affluent (<500,000), wealth (<6,000,000), private (src/domain/aum-tier.ts)'),
  num(
    'level',
    'contribution_yuan_year',
    "estimated yearly income to the bank from the customer's holdings (fee rate by category) and deposits (margin), in yuan (src/domain/contribution.ts)",
    FEATURE,
  ),

  num('preference', 'purchases_total', 'purchases before the as-of day: the support of the preferences below'),
  num('preference', 'pref_risk', 'the product risk level bought most often (ties: the most recent); NaN without purchases', FEATURE),
  num('preference', 'pref_risk_support', 'share of purchases at pref_risk', FEATURE),
  cat('preference', 'pref_term_bucket', 'the term bucket bought most often: open, <=1m, <=3m, <=6m, <=1y, >1y', FEATURE),
  num('preference', 'pref_term_support', 'share of purchases in pref_term_bucket', FEATURE),
  cat('preference', 'pref_category', 'the product category bought most often', FEATURE),
  num('preference', 'pref_category_support', 'share of purchases in pref_category', FEATURE),
  cat('preference', 'pref_channel', 'the channel bought through most often, among purchases with a channel', FEATURE),
  num('preference', 'pref_channel_support', 'share of purchases with a channel made through pref_channel', FEATURE),

  num('transaction', 'rfm_recency', 'R score 1..5: last purchase within 30, 90, 180, 365 days (5..2), else or never 1', FEATURE),
  num('transaction', 'rfm_frequency', 'F score 1..5: purchases in 365 days >= 12, 6, 3, 1 (5..2), none 1', FEATURE),
  num('transaction', 'rfm_monetary', 'M score 1..5: yuan bought in 365 days >= 1,000,000, 300,000, 100,000, > 0 (5..2), none 1', FEATURE),
  cat('transaction', 'rfm_code', 'the three scores as one code, e.g. 545'),

  num(
    'churn',
    'deposit_trend_30d_90d',
    'average total deposits of the last 30 days over those of the last 90, minus 1 (negative: money leaving); NaN when unknown',
    FEATURE,
  ),
  num('churn', 'matured_not_reinvested_90d', 'principal of holdings that matured in the last 90 days with no purchase since, in yuan', FEATURE),
  num('churn', 'days_inactive', 'days since the last purchase or change of deposit balance; NaN when neither ever happened', FEATURE),
  num('churn', 'churn_signals', 'how many of: deposit_trend_30d_90d <= -0.3, matured_not_reinvested_90d > 0, days_inactive > 180', FEATURE),

  cat('credit', 'loan_status', 'none (never a loan), active (balance at the end of the day before), repaid (had one, now 0)', FEATURE),
  num('credit', 'loan_balance_yuan', 'outstanding loan at the end of the day before, in yuan'),

  num('value', 'value_current_90d', 'current value: yuan bought in the 90 days before the as-of day'),
] as const satisfies readonly TagSpec[];

/** The tags only a model can fill; NaN or null when the profile was built without that model. */
export const MODEL_TAGS = [
  num('demand', 'demand_score', "potential demand: the demand model's probability that the customer buys within its horizon"),
  num(
    'value',
    'value_predicted',
    "predicted value: the value model's forecast of yuan bought over its horizon (90 days by default), exp(forecast of log(1 + yuan)) - 1: a typical amount, not a mean",
  ),
  cat('value', 'value_stage', 'rising, stable or declining: predicted against current value on the log scale, a factor of 2 apart (src/domain/value-stage.ts)'),
] as const satisfies readonly TagSpec[];

export const PROFILE_TAGS: readonly TagSpec[] = [...HISTORY_TAGS, ...MODEL_TAGS];

type Names<K extends TagSpec['kind']> = Extract<(typeof HISTORY_TAGS)[number], { kind: K }>['name'];

/** A customer's history tags: numbers (NaN unknown) and categories (null unknown), by name. */
export type HistoryTags = { [N in Names<'number'>]: number } & { [N in Names<'category'>]: string | null };

/** Tags that are also recommender features, as the feature list declares them. */
export const FEATURE_TAGS = HISTORY_TAGS.filter((t) => t.asFeature);
