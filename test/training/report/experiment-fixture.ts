/** An experiment's outcomes as the report renders them: two arms over three serving days. */
import type { ExperimentOutcomes } from '../../../serving/experiments/experiment-outcomes.js';

export function experimentFixture(): ExperimentOutcomes {
  const arm = (name: string, customers: number, conversions: number) => ({
    arm: name,
    policy: name === 'champion' ? ({ kind: 'champion' } as const) : ({ kind: 'baseline', policy: 'popularity' } as const),
    weight: 50,
    customers,
    impressions: customers + 10,
    conversions,
    conversionRate: conversions / customers,
    ciLow: 0.01,
    ciHigh: 0.05,
    lift: name === 'champion' ? null : -0.2,
    liftLow: name === 'champion' ? null : -0.5,
    liftHigh: name === 'champion' ? null : 0.3,
    amountBought: '12345.00',
  });
  const day = (d: string, name: string, rate: number) => ({
    day: d,
    arm: name,
    newCustomers: 100,
    conversions: 3,
    impressions: 110,
    cumulativeConversionRate: rate,
  });
  return {
    experiment: 'fixture-ab',
    status: 'stopped',
    horizonDays: 7,
    firstDay: '2026-06-20',
    lastDay: '2026-06-22',
    outcomesComplete: true,
    arms: [arm('champion', 300, 9), arm('popularity', 310, 7)],
    srmPValue: 0.68,
    daily: [
      day('2026-06-20', 'champion', 0.03),
      day('2026-06-20', 'popularity', 0.02),
      day('2026-06-21', 'champion', 0.031),
      day('2026-06-21', 'popularity', 0.024),
      day('2026-06-22', 'champion', 0.03),
      day('2026-06-22', 'popularity', 0.0226),
    ],
  };
}
