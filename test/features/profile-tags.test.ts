/** Every profile tag on hand-made customers, with the arithmetic written out; and the point-in-time rule. */
import { describe, expect, it } from 'vitest';
import { historyAsOf, type CustomerHistory } from '../../features/point-in-time.js';
import { ProductCatalog } from '../../features/product-catalog.js';
import { catalogProduct } from '../support/catalog-product.js';
import { computeProfileTags } from '../../features/profile/compute-profile-tags.js';
import { FEATURE_TAGS, HISTORY_TAGS } from '../../src/profile-table/profile-tags.js';
import { FEATURES } from '../../src/wide-table/feature-set.js';
import { channelNumber } from '../../features/purchase-channels.js';

const D = 20_000; // the as-of day
const FEN = 100;

const product = (id: string, category: string, riskLevel: number, termDays: number) =>
  catalogProduct(id, { category, riskLevel, termDays, minAmountFen: 1000 * FEN });
const catalog = new ProductCatalog([
  product('CASH', 'cash', 1, 0),
  product('FIX90', 'fixed_income', 2, 90),
  product('EQ30', 'equity', 4, 30),
  product('BOND', 'bond', 3, 180),
]);
const [CASH, FIX90, EQ30, BOND] = [0, 1, 2, 3];

interface Purchase {
  day: number;
  product: number;
  yuan: number;
  channel: string | null;
}
function history(o: {
  birthDay?: number | null;
  openDay: number;
  gender?: string | null;
  city?: string | null;
  deposits?: Array<[day: number, demandYuan: number, timeYuan: number]>;
  loans?: Array<[day: number, yuan: number]>;
  purchases?: Purchase[];
}): CustomerHistory {
  const deposits = o.deposits ?? [];
  const loans = o.loans ?? [];
  const purchases = o.purchases ?? [];
  return {
    customer: { id: 'X', gender: o.gender ?? null, birthDay: o.birthDay ?? null, openDay: o.openDay, riskLevel: 3, city: o.city ?? null },
    deposits: {
      day: Int32Array.from(deposits, (r) => r[0]),
      demandFen: Float64Array.from(deposits, (r) => r[1] * FEN),
      timeFen: Float64Array.from(deposits, (r) => r[2] * FEN),
    },
    loans: { day: Int32Array.from(loans, (r) => r[0]), balanceFen: Float64Array.from(loans, (r) => r[1] * FEN) },
    salaries: { day: new Int32Array(0), amountFen: new Float64Array(0) },
    purchases: {
      day: Int32Array.from(purchases, (p) => p.day),
      product: Int32Array.from(purchases, (p) => p.product),
      amountFen: Float64Array.from(purchases, (p) => p.yuan * FEN),
      channel: Int32Array.from(purchases, (p) => channelNumber(p.channel)),
    },
    contacts: { day: new Int32Array(0), product: new Int32Array(0), responded: new Int32Array(0) },
  };
}

// An established customer: 40 years old, 400 days with the bank, money moved out of demand deposits
// 20 days ago, four purchases, a repaid loan.
const established = history({
  birthDay: D - Math.ceil(40 * 365.2425) - 10,
  openDay: D - 400,
  gender: 'F',
  city: '上海',
  deposits: [
    [D - 200, 100_000, 0],
    [D - 20, 40_000, 20_000],
  ],
  loans: [
    [D - 200, 50_000],
    [D - 30, 0],
  ],
  purchases: [
    { day: D - 300, product: FIX90, yuan: 50_000, channel: 'branch' }, // matured D - 210: outside the 90 days
    { day: D - 100, product: FIX90, yuan: 80_000, channel: 'wechat' }, // matures D - 10: nothing bought since
    { day: D - 50, product: EQ30, yuan: 30_000, channel: 'wechat' }, // matured D - 20: the D - 15 purchase reinvested it
    { day: D - 15, product: CASH, yuan: 10_000, channel: 'app' }, // open-ended: still held
    { day: D, product: BOND, yuan: 999_999, channel: 'sms' }, // on the as-of day: invisible
  ],
});

describe('profile tags of an established customer', () => {
  const t = computeProfileTags(historyAsOf(established, D), catalog);

  it('basic: age and tenure bands, gender, city', () => {
    expect([t.age_band, t.tenure_band, t.gender, t.city]).toEqual(['35-44', '1-3y', 'F', '上海']);
  });

  it('level: AUM = deposits + held principal, its tier, and the contribution', () => {
    expect(t.aum_yuan).toBe(40_000 + 20_000 + 10_000);
    expect(t.aum_tier).toBe('affluent');
    // cash fee 0.2% on 10,000 held + 1.5% on 40,000 demand + 0.5% on 20,000 time deposits
    expect(t.contribution_yuan_year).toBeCloseTo(20 + 600 + 100, 6);
  });

  it('preference: the mode of risk, term bucket, category and channel, each with its share', () => {
    expect(t.purchases_total).toBe(4);
    expect([t.pref_risk, t.pref_risk_support]).toEqual([2, 0.5]);
    expect([t.pref_term_bucket, t.pref_term_support]).toEqual(['<=3m', 0.5]);
    expect([t.pref_category, t.pref_category_support]).toEqual(['fixed_income', 0.5]);
    expect([t.pref_channel, t.pref_channel_support]).toEqual(['wechat', 0.5]);
  });

  it('transaction: RFM scores from recency 15 days, 4 purchases and 170,000 yuan in 365 days', () => {
    expect([t.rfm_recency, t.rfm_frequency, t.rfm_monetary, t.rfm_code]).toEqual([5, 3, 3, '533']);
    expect(t.value_current_90d).toBe(30_000 + 10_000);
  });

  it('churn: deposit trend, matured principal not reinvested, days inactive, signal count', () => {
    // 90-day average: 70 days at 100,000 and 20 at 60,000; 30-day: 10 at 100,000 and 20 at 60,000.
    expect(t.deposit_trend_30d_90d).toBeCloseTo(2_200_000 / 30 / (8_200_000 / 90) - 1, 9);
    expect(t.matured_not_reinvested_90d).toBe(80_000);
    expect(t.days_inactive).toBe(15); // the purchase of D - 15 is later than the balance change of D - 20
    expect(t.churn_signals).toBe(1); // only the unreinvested maturity
  });

  it('credit: a loan paid back', () => {
    expect([t.loan_status, t.loan_balance_yuan]).toEqual(['repaid', 0]);
  });
});

describe('profile tags of a new customer who knows nothing but a loan', () => {
  const t = computeProfileTags(historyAsOf(history({ openDay: D - 30, loans: [[D - 5, 100_000]] }), D), catalog);

  it('leaves unknown what is unknown and scores the empty history lowest', () => {
    expect([t.age_band, t.tenure_band, t.gender, t.city]).toEqual([null, '<3m', null, null]);
    expect([t.aum_yuan, t.aum_tier, t.contribution_yuan_year]).toEqual([0, 'mass', 0]);
    expect([t.purchases_total, t.pref_risk, t.pref_term_bucket, t.pref_category, t.pref_channel]).toEqual([0, NaN, null, null, null]);
    expect([t.rfm_recency, t.rfm_frequency, t.rfm_monetary, t.rfm_code]).toEqual([1, 1, 1, '111']);
    expect([t.deposit_trend_30d_90d, t.matured_not_reinvested_90d, t.days_inactive, t.churn_signals]).toEqual([NaN, 0, NaN, 0]);
    expect([t.loan_status, t.loan_balance_yuan, t.value_current_90d]).toEqual(['active', 100_000, 0]);
  });
});

describe('edge rules', () => {
  it('breaks a preference tie by the most recent purchase and skips purchases without a channel', () => {
    const t = computeProfileTags(
      historyAsOf(
        history({
          openDay: D - 900,
          purchases: [
            { day: D - 400, product: BOND, yuan: 1_000_000, channel: null },
            { day: D - 200, product: FIX90, yuan: 200_000, channel: 'branch' },
          ],
        }),
        D,
      ),
      catalog,
    );
    expect([t.pref_risk, t.pref_risk_support, t.pref_category]).toEqual([2, 0.5, 'fixed_income']);
    expect([t.pref_channel, t.pref_channel_support]).toEqual(['branch', 1]);
    // recency 200 days: 2; one purchase in 365 days: 2; 200,000 yuan: 3
    expect(t.rfm_code).toBe('223');
  });

  it('counts a deposit outflow and a long silence as churn signals, and tiers at the inclusive bounds', () => {
    const t = computeProfileTags(
      historyAsOf(
        history({
          openDay: D - 2000,
          deposits: [
            [D - 400, 500_000, 5_500_000],
            [D - 29, 250_000, 0],
          ],
        }),
        D,
      ),
      catalog,
    );
    expect(t.tenure_band).toBe('5y+');
    expect(t.deposit_trend_30d_90d).toBeLessThan(-0.3);
    expect(t.days_inactive).toBe(29);
    expect(t.churn_signals).toBe(1);
    expect(t.aum_tier).toBe('affluent');
    const rich = computeProfileTags(historyAsOf(history({ openDay: D - 2000, deposits: [[D - 400, 500_000, 5_500_000]] }), D), catalog);
    expect([rich.aum_tier, rich.days_inactive, rich.churn_signals]).toEqual(['private', 400, 1]);
  });
});

describe('profile tags as recommender features', () => {
  it('are declared in the feature list as the profile family, with the tag kinds', () => {
    const profile = FEATURES.filter((f) => f.family === 'profile');
    expect(profile.map((f) => [f.name, f.kind])).toEqual(FEATURE_TAGS.map((t) => [t.name, t.kind]));
    expect(HISTORY_TAGS.length).toBeGreaterThan(FEATURE_TAGS.length);
  });
});
