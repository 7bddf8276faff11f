/**
 * AUM tiers (客户等级): assets under management = deposits plus wealth-product holdings, in the
 * bands Chinese retail banks use for service levels (普通 / 金卡 / 财富 / 私行). The bounds are in
 * yuan and inclusive below: 50,000 yuan is `affluent`.
 */
export const AUM_TIERS = ['mass', 'affluent', 'wealth', 'private'] as const;
export type AumTier = (typeof AUM_TIERS)[number];

/** Lower bound of each tier above `mass`, in yuan. */
export const AUM_TIER_FLOORS_YUAN = { affluent: 50_000, wealth: 500_000, private: 6_000_000 } as const;

export function aumTier(aumYuan: number): AumTier {
  if (aumYuan >= AUM_TIER_FLOORS_YUAN.private) return 'private';
  if (aumYuan >= AUM_TIER_FLOORS_YUAN.wealth) return 'wealth';
  if (aumYuan >= AUM_TIER_FLOORS_YUAN.affluent) return 'affluent';
  return 'mass';
}
