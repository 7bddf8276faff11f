/** The product catalogue: a few open-ended products always on sale plus about 1.25 fixed-term launches a day. */

import { FEN_PER_YUAN } from '../src/domain/money.js';
import type { DayNumber } from '../src/domain/dates.js';
import type { Calendar } from './calendar.js';
import { CATEGORY_VECTORS, TASTE_DIM, type Category, type SynthProduct } from './product.js';
import { LOYAL_CUSTOMER_MARKERS, NEW_CUSTOMER_MARKERS, SERIES, VIP_MARKER, productName, seriesFor, seriesIndex } from './product-names.js';
import type { Rng } from '../src/random.js';

const TERMS = [7, 14, 30, 63, 91, 182, 365, 730] as const;
/** Extra yield (percent) for locking money up longer. */
const TERM_PREMIUM: Record<number, number> = { 0: 0, 7: 0, 14: 0.05, 30: 0.15, 63: 0.3, 91: 0.4, 182: 0.6, 365: 0.85, 730: 1.1 };

type Audience = 'general' | 'new' | 'loyal' | 'vip';

/** Risk weights R1..R5 per audience: mostly R2-R3; new-customer products are safe, VIP ones moderate. */
const RISK_WEIGHTS: Record<Audience, number[]> = {
  general: [0.1, 0.38, 0.32, 0.14, 0.06],
  new: [0.45, 0.55, 0, 0, 0],
  loyal: [0.05, 0.4, 0.4, 0.12, 0.03],
  vip: [0, 0.45, 0.45, 0.1, 0],
};

/** Categories that go with each risk level (a R5 cash product would be absurd). */
const CATEGORY_BY_RISK: [Category, number][][] = [
  [
    ['structured', 0.55],
    ['fixed_income', 0.45],
  ],
  [
    ['fixed_income', 0.6],
    ['bond', 0.25],
    ['structured', 0.15],
  ],
  [
    ['mixed', 0.5],
    ['fixed_income', 0.3],
    ['bond', 0.2],
  ],
  [
    ['equity', 0.4],
    ['mixed', 0.3],
    ['fund', 0.3],
  ],
  [
    ['equity', 0.6],
    ['fund', 0.4],
  ],
];

/** Term weights over TERMS: new-customer products are short, risky and VIP ones long. */
function termWeights(audience: Audience, risk: number): number[] {
  if (audience === 'new') return [0.2, 0.3, 0.3, 0.2, 0, 0, 0, 0];
  if (audience === 'vip') return [0, 0, 0, 0, 0, 0.3, 0.5, 0.2];
  if (risk <= 2) return [0.06, 0.08, 0.18, 0.18, 0.22, 0.16, 0.1, 0.02];
  if (risk === 3) return [0.02, 0.04, 0.1, 0.14, 0.24, 0.24, 0.16, 0.06];
  return [0, 0, 0.05, 0.1, 0.2, 0.25, 0.25, 0.15];
}

/** Minimum purchase in yuan with its weight: 1万 typical, new-customer products cheap. */
const MIN_AMOUNTS: Record<Audience, [number, number][]> = {
  general: [
    [10_000, 0.68],
    [50_000, 0.22],
    [1_000, 0.1],
  ],
  new: [
    [1_000, 0.5],
    [5_000, 0.3],
    [10_000, 0.2],
  ],
  loyal: [
    [10_000, 0.6],
    [50_000, 0.4],
  ],
  vip: [[1_000_000, 1]],
};

/** Always on sale; `deal` is the yield (percent) over the fair yield of their risk. */
const OPEN_ENDED: { series: string; suffix: string; category: Category; risk: number; deal: number; minYuan: number }[] = [
  { series: '天天盈', suffix: '货币A', category: 'cash', risk: 1, deal: -0.1, minYuan: 1 },
  { series: '日日金', suffix: '现金管理1号', category: 'cash', risk: 1, deal: 0, minYuan: 1_000 },
  { series: '安享开放', suffix: '式固收', category: 'fixed_income', risk: 2, deal: 0.1, minYuan: 10_000 },
  { series: '债券优选', suffix: '开放式', category: 'bond', risk: 2, deal: 0.05, minYuan: 1_000 },
  { series: '鑫利平衡', suffix: '混合', category: 'mixed', risk: 3, deal: 0.1, minYuan: 10_000 },
  { series: '智选权益', suffix: '精选', category: 'fund', risk: 4, deal: 0.3, minYuan: 1_000 },
];

/** Yield (percent) the market pays for a risk level and term: rises with both. */
function fairYield(risk: number, termDays: number): number {
  return 1.8 + 0.35 * (risk - 1) + TERM_PREMIUM[termDays];
}

function pickWeighted<T>(rng: Rng, pairs: [T, number][]): T {
  return pairs[rng.weighted(pairs.map((p) => p[1]))][0];
}

/** Builds products in products.csv order: open-ended ones first, then launches by day. */
export function generateProducts(rng: Rng, cal: Calendar): SynthProduct[] {
  const seriesOffsets = SERIES.map(() => Array.from({ length: TASTE_DIM }, () => 0.35 * rng.normal()));
  const products: SynthProduct[] = [];
  const vectorFor = (category: Category, series: number, shift?: readonly number[]): Float64Array => {
    const v = new Float64Array(TASTE_DIM);
    for (let k = 0; k < TASTE_DIM; k++) {
      v[k] = CATEGORY_VECTORS[category][k] + seriesOffsets[series][k] + 0.25 * rng.normal() + (shift ? shift[k] : 0);
    }
    return v;
  };

  for (const o of OPEN_ENDED) {
    const series = seriesIndex(o.series);
    products.push({
      index: products.length,
      id: '',
      name: o.series + o.suffix,
      series,
      category: o.category,
      riskLevel: o.risk,
      yieldBp: Math.round((fairYield(o.risk, 0) + o.deal + 0.1 * rng.normal()) * 100),
      fairYieldBp: Math.round(fairYield(o.risk, 0) * 100),
      termDays: 0,
      principalProtected: false,
      minFen: o.minYuan * FEN_PER_YUAN,
      saleStart: cal.firstDay - rng.between(60, 720),
      saleEnd: null,
      newCustomersOnly: false,
      loyalCustomersOnly: false,
      vector: vectorFor(o.category, series),
      quality: 0.3 * rng.normal(),
      smsRate: 0,
      maturityDay: null,
    });
  }

  const issues = new Map<string, number>();
  // Launches start two weeks early so the first window days already have a full shelf.
  for (let day = cal.firstDay - 14; day <= cal.lastDay; day++) {
    const weekend = (day + 3) % 7 >= 5;
    const count = rng.poisson(weekend ? 0.7 : 1.45);
    for (let j = 0; j < count; j++) {
      const p = launch(rng, day, cal, issues, vectorFor);
      if (p) products.push({ ...p, index: products.length });
    }
  }
  for (const [i, p] of products.entries()) p.id = `WM${String(i + 1).padStart(5, '0')}`;
  return products;
}

/** One fixed-term launch, or null when its sale window ends before the simulated window starts. */
function launch(
  rng: Rng,
  day: DayNumber,
  cal: Calendar,
  issues: Map<string, number>,
  vectorFor: (c: Category, s: number, shift?: readonly number[]) => Float64Array,
): SynthProduct | null {
  const u = rng.next();
  let audience: Audience = u < 0.15 ? 'new' : u < 0.25 ? 'loyal' : 'general';
  if (audience === 'general' && rng.chance(0.04)) audience = 'vip';

  const risk = 1 + rng.weighted(RISK_WEIGHTS[audience]);
  let category = pickWeighted(rng, CATEGORY_BY_RISK[risk - 1]);
  if (audience === 'vip' && !['fixed_income', 'mixed', 'bond'].includes(category)) category = risk >= 3 ? 'mixed' : 'fixed_income';
  const termDays = TERMS[rng.weighted(termWeights(audience, risk))];

  const candidates = seriesFor(category, termDays, audience === 'vip');
  const series = rng.pick(candidates);
  const key = `${series}:${termDays}`;
  const issue = (issues.get(key) ?? 0) + 1;
  issues.set(key, issue);
  const prefix =
    audience === 'new' ? rng.pick(NEW_CUSTOMER_MARKERS) : audience === 'loyal' ? rng.pick(LOYAL_CUSTOMER_MARKERS) : audience === 'vip' ? VIP_MARKER : '';
  const name = productName(rng, series, termDays, issue, prefix);

  const bonus = audience === 'new' ? 0.45 : audience === 'loyal' ? 0.2 : audience === 'vip' ? 0.3 : 0;
  const noise = (risk >= 4 ? 0.4 : 0.15) * rng.normal();
  const yieldPct = Math.max(1.2, fairYield(risk, termDays) + bonus + noise - (category === 'structured' ? 0.1 : 0));
  const protectedChance = category === 'structured' ? 0.9 : category === 'fixed_income' ? (risk === 1 ? 0.7 : risk === 2 ? 0.25 : 0) : 0;

  const saleEnd = Math.min(day + rng.between(5, audience === 'new' ? 10 : 14) - 1, cal.lastDay);
  if (saleEnd < cal.firstDay) return null;
  const shift = audience === 'new' ? [0, 0, -0.4, 0.6] : audience === 'vip' ? [0.2, 0.2, 0.4, -0.5] : undefined;
  return {
    index: -1,
    id: '',
    name,
    series,
    category,
    riskLevel: risk,
    yieldBp: Math.round(yieldPct * 100),
    fairYieldBp: Math.round(fairYield(risk, termDays) * 100),
    termDays,
    principalProtected: rng.chance(protectedChance),
    minFen: pickWeighted(rng, MIN_AMOUNTS[audience]) * FEN_PER_YUAN,
    saleStart: day,
    saleEnd,
    newCustomersOnly: audience === 'new',
    loyalCustomersOnly: audience === 'loyal',
    vector: vectorFor(category, series, shift),
    quality: 0.4 * rng.normal(),
    smsRate: day >= cal.firstDay && rng.chance(0.35) ? rng.range(0.01, 0.03) : 0,
    maturityDay: saleEnd + 1 + termDays,
  };
}
