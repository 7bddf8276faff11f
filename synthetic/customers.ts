/** One customer's fixed traits: the public customers.csv columns and the latent habits that drive the simulation. */

import { FEN_PER_YUAN } from '../src/domain/money.js';
import type { DayNumber } from '../src/domain/dates.js';
import type { Fen } from '../src/domain/money.js';
import type { Calendar } from './calendar.js';
import type { Rng } from '../src/random.js';
import { DORMANT_SHIFT, SEGMENTS, SEGMENT_WEIGHTS } from './segments.js';
import { UNASSESSED_RISK, drawAge, drawLogTermCenter, drawRiskAversion, drawTaste, drawYieldSensitivity, riskWeights } from './latent-traits.js';

const CITIES = ['济南', '青岛', '烟台', '潍坊', '淄博', '临沂', '济宁', '威海', '泰安', '德州'] as const;
const CITY_WEIGHTS = [0.2, 0.22, 0.1, 0.1, 0.08, 0.09, 0.07, 0.05, 0.05, 0.04];
const OPT_OUT_CHANNELS = ['sms', 'all', 'wechat', 'phone'] as const;
const OPT_OUT_WEIGHTS = [0.65, 0.2, 0.1, 0.05];

export interface CustomerProfile {
  index: number;
  id: string;
  /** 'M', 'F', 'U' or '' (unknown). */
  gender: string;
  /** Null when the bank does not know it (the latent age still drives behaviour). */
  birthDay: DayNumber | null;
  /** Age in years on the last simulated day. */
  ageYears: number;
  openDay: DayNumber;
  /** C1..C5; null when never assessed (counts as 1). */
  riskLevel: number | null;
  city: string;
  segment: number;
  taste: Float64Array;
  /** Baseline log-odds of a purchase occasion. */
  activity: number;
  /** Per risk level above R1, how much the customer dislikes risk (cautious customers more). */
  riskAversion: number;
  yieldSensitivity: number;
  /** Log of (preferred term + 7 days). */
  logTermCenter: number;
  /** Share of the demand balance an occasion invests, at most. */
  amountShare: number;
  channelWeights: readonly number[];
  incomeFen: Fen;
  salaried: boolean;
  payDay: number;
  spendChance: number;
  spendFen: Fen;
  transferChance: number;
  transferFen: Fen;
  /** Outstanding loan when the simulation starts; 0 when none. */
  loanFen: Fen;
  loanPaymentFen: Fen;
  loanMonthlyRate: number;
  loanPayDay: number;
  /** Demand balance when the simulation starts (the opening deposit for new customers). */
  openingDemandFen: Fen;
  openingTimeFen: Fen;
  openingTimeMaturity: DayNumber;
  optOut: { day: DayNumber; channel: string } | null;
}

/** Pay rises to a peak in the mid-forties and falls after; the segment sets the level. */
function ageIncomeFactor(age: number): number {
  return 0.8 + 0.4 * Math.exp(-(((age - 45) / 12) ** 2));
}

const roundYuan = (fen: number, yuan: number): Fen => Math.max(0, Math.round(fen / (yuan * FEN_PER_YUAN)) * yuan * FEN_PER_YUAN);

/** Draws customer `index` (0-based) from its own stream. */
export function generateCustomer(rng: Rng, index: number, cal: Calendar): CustomerProfile {
  const segment = rng.weighted(SEGMENT_WEIGHTS);
  const seg = SEGMENTS[segment];
  const ageYears = drawAge(seg, rng);
  const birthDay = cal.lastDay - Math.floor(ageYears * 365.25);

  // Accounts opened before the window must not predate the customer's 18th birthday.
  const maxBefore = Math.min(8 * 365, Math.floor((ageYears - 18) * 365) - cal.days);
  const openDay = rng.chance(0.55) && maxBefore >= 1 ? cal.firstDay - rng.between(1, maxBefore) : cal.firstDay + rng.int(cal.days);
  const isNew = openDay >= cal.firstDay;

  const riskLevel = rng.chance(UNASSESSED_RISK) ? null : 1 + rng.weighted(riskWeights(seg));
  const taste = drawTaste(seg, rng);

  // A thin wealthy tail (私行 clients) so that 100万 products have buyers.
  const wealth = rng.chance(seg.name === 'affluent_family' ? 0.1 : 0.015) ? 8 : 1;
  const incomeFen = roundYuan(rng.lognormal(seg.incomeYuan * ageIncomeFactor(ageYears), 0.45) * FEN_PER_YUAN * Math.sqrt(wealth), 10);
  const salaried = rng.chance(seg.salaried);
  const spendChance = rng.range(1, 2) / 7;
  const transferChance = salaried ? 1 / 45 : 1 / 12;

  const hasLoan = rng.chance(0.15);
  const loanFen = hasLoan ? roundYuan(incomeFen * rng.lognormal(30, 0.7), 100) : 0;
  const loanMonthlyRate = rng.range(0.035, 0.05) / 12;
  const months = rng.between(36, 300);
  const loanPaymentFen = hasLoan ? Math.round((loanFen * loanMonthlyRate) / (1 - (1 + loanMonthlyRate) ** -months)) : 0;

  const openingDemandFen = isNew
    ? roundYuan(incomeFen * rng.lognormal(2.5, 0.9) + (rng.chance(0.7) ? rng.lognormal(30_000, 0.8) * FEN_PER_YUAN : 0), 100)
    : roundYuan(incomeFen * rng.lognormal(seg.balanceMonths * Math.sqrt(wealth), 1.0), 1) + rng.int(100 * FEN_PER_YUAN);
  const hasTime = !isNew && rng.chance(0.4);

  const optOut = rng.chance(0.03)
    ? {
        day: Math.max(openDay, cal.firstDay - 365) + rng.int(cal.lastDay - Math.max(openDay, cal.firstDay - 365) + 1),
        channel: OPT_OUT_CHANNELS[rng.weighted(OPT_OUT_WEIGHTS)],
      }
    : null;

  const g = rng.next();
  return {
    index,
    id: `C${String(index + 1).padStart(7, '0')}`,
    gender: g < 0.48 ? 'M' : g < 0.96 ? 'F' : g < 0.98 ? 'U' : '',
    birthDay: rng.chance(0.01) ? null : birthDay,
    ageYears,
    openDay,
    riskLevel,
    city: rng.chance(0.005) ? '' : CITIES[rng.weighted(CITY_WEIGHTS)],
    segment,
    taste,
    activity: seg.activity - (rng.chance(seg.engaged) ? 0 : DORMANT_SHIFT) + 0.5 * rng.normal(),
    riskAversion: drawRiskAversion(riskLevel, rng),
    yieldSensitivity: drawYieldSensitivity(seg, rng),
    logTermCenter: drawLogTermCenter(seg, rng),
    amountShare: rng.range(0.3, 0.9),
    channelWeights: seg.channels,
    incomeFen,
    salaried,
    payDay: rng.between(1, 28),
    spendChance,
    spendFen: Math.round((0.75 * incomeFen) / (30 * spendChance)),
    transferChance,
    transferFen: Math.round(incomeFen * (salaried ? 0.8 : 0.4)),
    loanFen,
    loanPaymentFen,
    loanMonthlyRate,
    loanPayDay: rng.between(1, 28),
    openingDemandFen,
    openingTimeFen: hasTime ? roundYuan(incomeFen * rng.lognormal(6, 1), 1000) : 0,
    openingTimeMaturity: cal.firstDay + rng.int(365),
    optOut,
  };
}
