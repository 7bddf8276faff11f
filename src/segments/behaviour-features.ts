/**
 * What segments are made of, declared once: the behaviour the clustering reads (deposit level and
 * trend, purchase frequency and recency, preferred term, category, risk and channel, value stage and
 * forecast, demand score, campaign response), and the short Chinese labels a segment's name is made
 * of. Identity (age, gender, city) is not clustered on; age may still describe a segment.
 */

export type BehaviourSource = 'profile' | 'feature' | 'model';

interface NumberBehaviour {
  name: string;
  kind: 'number';
  /** A profile tag, a customer feature, or a model tag (left out when the model is absent). */
  source: BehaviourSource;
  /** Clustered on, or only used to describe a segment. */
  clustered: boolean;
  /** Says nothing but "never bought" for a customer who never bought (behaviour-weighting.ts collapses these into one marker). */
  fromPurchases: boolean;
  /** Labels when the segment's median sits above or below the population's. */
  high: string;
  low: string;
}

interface CategoryBehaviour {
  name: string;
  kind: 'category';
  source: BehaviourSource;
  clustered: boolean;
  fromPurchases: boolean;
  /** Labels of the values (others are shown as they are). */
  labels: Readonly<Record<string, string>>;
}

export type BehaviourFeature = NumberBehaviour | CategoryBehaviour;

const num = (source: BehaviourSource, name: string, high: string, low: string, clustered = true, fromPurchases = false): NumberBehaviour => ({
  name,
  kind: 'number',
  source,
  clustered,
  fromPurchases,
  high,
  low,
});
const cat = (source: BehaviourSource, name: string, labels: Record<string, string>, fromPurchases = false): CategoryBehaviour => ({
  name,
  kind: 'category',
  source,
  clustered: true,
  fromPurchases,
  labels,
});

export const BEHAVIOUR_FEATURES: readonly BehaviourFeature[] = [
  num('profile', 'aum_yuan', '高资产', '低资产'),
  num('profile', 'deposit_trend_30d_90d', '存款流入', '存款流出'),
  // A customer who never bought has a count of 0, no recency and no preferences: all say the same thing.
  num('feature', 'purchases_count_365d', '高频购买', '少购买', true, true),
  num('feature', 'days_since_last_purchase', '久未购买', '近期购买', true, true),
  num('profile', 'pref_risk', '偏好高风险', '偏好低风险', true, true),
  num('feature', 'contact_response_rate', '营销响应高', '营销响应低'),
  num('model', 'demand_score', '高需求', '低需求'),
  num('model', 'value_predicted', '高价值潜力', '低价值潜力'),
  cat('profile', 'pref_term_bucket', { open: '活期理财', '<=1m': '短期', '<=3m': '三月期', '<=6m': '半年期', '<=1y': '一年期', '>1y': '长期' }, true),
  cat(
    'profile',
    'pref_category',
    {
      cash: '现金管理',
      fixed_income: '固收',
      bond: '债券',
      equity: '权益',
      fund: '基金',
      mixed: '混合',
      structured: '结构性',
    },
    true,
  ),
  cat('profile', 'pref_channel', { app: '数字渠道', wechat: '微信渠道', branch: '网点', phone: '电话渠道', sms: '短信渠道' }, true),
  cat('model', 'value_stage', { rising: '价值上升', stable: '价值稳定', declining: '价值下降' }),
  num('feature', 'age_years', '年长', '年轻', false),
];

export const CLUSTERED_FEATURES = BEHAVIOUR_FEATURES.filter((f) => f.clustered);

/** The feature whose unknown value means "never bought": its missing indicator is the one never-purchased marker. */
export const NEVER_PURCHASED_FEATURE = 'days_since_last_purchase';
/** The behaviour (weighting group) of that marker. */
export const NEVER_PURCHASED = 'never_purchased';
