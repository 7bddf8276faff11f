/** Customer segments: each customer is drawn around one, so similar customers like similar products. */

export const CHANNELS = ['wechat', 'app', 'branch', 'sms', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Segment {
  name: string;
  /** Share of customers. */
  weight: number;
  /** Age range at the last simulated day. */
  ages: [number, number];
  /** Centre of the taste vector: [safety, return, long horizon, promotion/digital]. */
  taste: readonly number[];
  /** Baseline log-odds of a purchase occasion on an ordinary day, for an engaged investor of the segment. */
  activity: number;
  /** Share of the segment that invests regularly; the rest rarely buy (DORMANT_SHIFT lower). */
  engaged: number;
  /** Utility per percentage point of yield above the market's 2.5 %. */
  yieldSensitivity: number;
  /** Preferred term in days. */
  termDays: number;
  /** Median monthly income in yuan. */
  incomeYuan: number;
  /** Median demand balance at the start, in months of income. */
  balanceMonths: number;
  /** Probability of a regular payroll (or pension) credit. */
  salaried: number;
  /** Purchase channel weights, in CHANNELS order (sms is mostly chosen by a contact). */
  channels: readonly number[];
  /** Tilts the assessed risk level: negative is more conservative. */
  riskTilt: number;
}

export const SEGMENTS: readonly Segment[] = [
  {
    name: 'steady_saver',
    weight: 0.25,
    ages: [35, 65],
    taste: [1, -0.5, 0.3, -0.4],
    activity: -5.75,
    engaged: 0.3,
    yieldSensitivity: 0.6,
    termDays: 91,
    incomeYuan: 7_000,
    balanceMonths: 4,
    salaried: 0.6,
    channels: [0.3, 0.25, 0.35, 0.02, 0.08],
    riskTilt: -0.4,
  },
  {
    name: 'yield_chaser',
    weight: 0.15,
    ages: [28, 55],
    taste: [-0.2, 1, 0, 0.3],
    activity: -5.25,
    engaged: 0.5,
    yieldSensitivity: 1.4,
    termDays: 182,
    incomeYuan: 10_000,
    balanceMonths: 3,
    salaried: 0.65,
    channels: [0.35, 0.45, 0.12, 0.03, 0.05],
    riskTilt: 0.4,
  },
  {
    name: 'young_digital',
    weight: 0.2,
    ages: [20, 35],
    taste: [0, 0.3, -1, 1],
    activity: -5.55,
    engaged: 0.35,
    yieldSensitivity: 0.8,
    termDays: 30,
    incomeYuan: 6_500,
    balanceMonths: 2,
    salaried: 0.65,
    channels: [0.5, 0.45, 0.02, 0.02, 0.01],
    riskTilt: 0.1,
  },
  {
    name: 'affluent_family',
    weight: 0.12,
    ages: [35, 60],
    taste: [0.3, 0.5, 0.8, 0],
    activity: -5.45,
    engaged: 0.45,
    yieldSensitivity: 0.7,
    termDays: 365,
    incomeYuan: 25_000,
    balanceMonths: 6,
    salaried: 0.5,
    channels: [0.25, 0.35, 0.3, 0.02, 0.08],
    riskTilt: 0.1,
  },
  {
    name: 'retiree',
    weight: 0.16,
    ages: [58, 75],
    taste: [1, -0.8, 0.5, -0.8],
    activity: -5.85,
    engaged: 0.3,
    yieldSensitivity: 0.9,
    termDays: 182,
    incomeYuan: 4_500,
    balanceMonths: 5,
    salaried: 0.7,
    channels: [0.15, 0.1, 0.6, 0.02, 0.13],
    riskTilt: -0.5,
  },
  {
    name: 'active_investor',
    weight: 0.12,
    ages: [25, 50],
    taste: [-0.5, 0.8, -0.5, 0.5],
    activity: -5.05,
    engaged: 0.6,
    yieldSensitivity: 1.0,
    termDays: 63,
    incomeYuan: 12_000,
    balanceMonths: 3,
    salaried: 0.55,
    channels: [0.35, 0.55, 0.05, 0.02, 0.03],
    riskTilt: 0.6,
  },
];

/** How much lower a non-engaged customer's baseline log-odds are. */
export const DORMANT_SHIFT = 2.25;

export const SEGMENT_WEIGHTS = SEGMENTS.map((s) => s.weight);
