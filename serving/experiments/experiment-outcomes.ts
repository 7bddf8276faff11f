/**
 * What an experiment's arms achieved: from the impression log and the purchases table, per arm the
 * customers served and their impressions, the customers who bought a product recommended to them
 * within the horizon (conversions), the conversion rate with its Wilson interval, the lift against
 * the first arm with its interval, and the amount those purchases came to; the sample-ratio test of
 * customers per arm against the planned weights; and the same per serving day.
 *
 * A customer belongs to the arm of their first impression (assignment is sticky, so it is their only
 * arm unless the log is broken, which the SRM test exposes). A purchase converts when its product was
 * in a list shown to the customer on a day d and it was bought on a bank day in [d, d + horizon - 1].
 */
import type { Knex } from 'knex';
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import { formatYuan } from '../../src/domain/money.js';
import { relativeLift, sampleRatioPValue, wilsonInterval } from '../../src/metrics/index.js';
import type { ExperimentArm } from './arm-policy.js';
import type { Experiment } from './experiments-table.js';

export interface ArmOutcome {
  arm: string;
  policy: ExperimentArm['policy'];
  weight: number;
  customers: number;
  impressions: number;
  conversions: number;
  conversionRate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Relative lift of the conversion rate over the first arm's; null for the first arm, or with no reference conversion. */
  lift: number | null;
  liftLow: number | null;
  liftHigh: number | null;
  /** Yuan, exact (the purchases' fen summed as integers). */
  amountBought: string;
}

export interface DailyOutcome {
  day: string;
  arm: string;
  /** Customers first served on this day, and those of them who converted. */
  newCustomers: number;
  conversions: number;
  impressions: number;
  /** Conversions over customers, counting every customer first served up to this day. */
  cumulativeConversionRate: number | null;
}

export interface ExperimentOutcomes {
  experiment: string;
  status: 'running' | 'stopped';
  horizonDays: number;
  /** First and last serving day in the log (null without impressions). */
  firstDay: string | null;
  lastDay: string | null;
  /** False while the last impressions' horizon has not passed: their conversions are still arriving. */
  outcomesComplete: boolean;
  arms: ArmOutcome[];
  srmPValue: number | null;
  daily: DailyOutcome[];
}

interface ImpressionRow {
  customer_id: string;
  arm: string | null;
  served_day: number;
  items: string;
}

interface PurchaseRow {
  customer_id: string;
  product_id: string;
  purchase_day: number;
  amount_fen: number | string;
  purchase_key: string;
}

export async function experimentOutcomes(knex: Knex, experiment: Experiment, options: { horizonDays: number; today: DayNumber }): Promise<ExperimentOutcomes> {
  const { horizonDays } = options;
  const impressions = (await knex('impressions')
    .select('customer_id', 'arm', 'served_day', 'items')
    .where('experiment', experiment.name)
    .orderBy(['served_day', 'id'])) as ImpressionRow[];
  const armIndex = new Map(experiment.arms.map((a, i) => [a.arm, i]));

  // Per customer: their arm (first impression's) and, per product shown, the days it was shown.
  const customers = new Map<string, { arm: number; firstDay: number; shown: Map<string, number[]> }>();
  const impressionsPerArm = new Array(experiment.arms.length).fill(0);
  const dailyImpressions = new Map<string, number>();
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const row of impressions) {
    const arm = armIndex.get(String(row.arm));
    if (arm === undefined) continue; // an arm the experiment does not have: cannot happen unless the log was edited
    const day = Number(row.served_day);
    firstDay = Math.min(firstDay, day);
    lastDay = Math.max(lastDay, day);
    let customer = customers.get(row.customer_id);
    if (!customer) {
      customer = { arm, firstDay: day, shown: new Map() };
      customers.set(row.customer_id, customer);
    }
    impressionsPerArm[customer.arm]++;
    dailyImpressions.set(`${day}|${customer.arm}`, (dailyImpressions.get(`${day}|${customer.arm}`) ?? 0) + 1);
    for (const item of JSON.parse(row.items) as Array<{ productId: string }>) {
      const days = customer.shown.get(item.productId);
      if (days) days.push(day);
      else customer.shown.set(item.productId, [day]);
    }
  }

  const converted = new Set<string>();
  const amountFen = new Array<bigint>(experiment.arms.length).fill(0n);
  if (customers.size > 0) {
    const purchases = (await knex('purchases')
      .select('customer_id', 'product_id', 'purchase_day', 'amount_fen', 'purchase_key')
      .whereIn('customer_id', knex('impressions').distinct('customer_id').where('experiment', experiment.name))
      .andWhere('purchase_day', '>=', firstDay)
      .andWhere('purchase_day', '<=', lastDay + horizonDays - 1)) as PurchaseRow[];
    for (const p of purchases) {
      const customer = customers.get(p.customer_id);
      const days = customer?.shown.get(p.product_id);
      const day = Number(p.purchase_day);
      if (!customer || !days?.some((d) => d <= day && day <= d + horizonDays - 1)) continue;
      converted.add(p.customer_id);
      amountFen[customer.arm] += BigInt(p.amount_fen);
    }
  }

  const customersPerArm = new Array(experiment.arms.length).fill(0);
  const conversionsPerArm = new Array(experiment.arms.length).fill(0);
  const dailyNew = new Map<string, { customers: number; conversions: number }>();
  for (const [id, c] of customers) {
    customersPerArm[c.arm]++;
    const hit = converted.has(id) ? 1 : 0;
    conversionsPerArm[c.arm] += hit;
    const key = `${c.firstDay}|${c.arm}`;
    const d = dailyNew.get(key) ?? { customers: 0, conversions: 0 };
    d.customers++;
    d.conversions += hit;
    dailyNew.set(key, d);
  }

  const reference = { successes: conversionsPerArm[0], trials: customersPerArm[0] };
  const arms: ArmOutcome[] = experiment.arms.map((a, i) => {
    const trials = customersPerArm[i];
    const successes = conversionsPerArm[i];
    const ci = wilsonInterval(successes, trials);
    const lift = i === 0 ? null : relativeLift({ successes, trials }, reference);
    return {
      arm: a.arm,
      policy: a.policy,
      weight: a.weight,
      customers: trials,
      impressions: impressionsPerArm[i],
      conversions: successes,
      conversionRate: trials > 0 ? successes / trials : null,
      ciLow: ci?.low ?? null,
      ciHigh: ci?.high ?? null,
      lift: lift?.lift ?? null,
      liftLow: lift?.interval?.low ?? null,
      liftHigh: lift?.interval?.high ?? null,
      amountBought: formatYuan(Number(amountFen[i])),
    };
  });

  const daily: DailyOutcome[] = [];
  if (customers.size > 0) {
    const running = experiment.arms.map(() => ({ customers: 0, conversions: 0 }));
    for (let day = firstDay; day <= lastDay; day++) {
      experiment.arms.forEach((a, i) => {
        const d = dailyNew.get(`${day}|${i}`) ?? { customers: 0, conversions: 0 };
        const served = dailyImpressions.get(`${day}|${i}`) ?? 0;
        running[i].customers += d.customers;
        running[i].conversions += d.conversions;
        if (served === 0 && d.customers === 0) return;
        daily.push({
          day: formatDay(day),
          arm: a.arm,
          newCustomers: d.customers,
          conversions: d.conversions,
          impressions: served,
          cumulativeConversionRate: running[i].customers > 0 ? running[i].conversions / running[i].customers : null,
        });
      });
    }
  }

  return {
    experiment: experiment.name,
    status: experiment.stoppedAt === null ? 'running' : 'stopped',
    horizonDays,
    firstDay: customers.size > 0 ? formatDay(firstDay) : null,
    lastDay: customers.size > 0 ? formatDay(lastDay) : null,
    outcomesComplete: customers.size > 0 && experiment.stoppedAt !== null && options.today > lastDay + horizonDays - 1,
    arms,
    srmPValue: sampleRatioPValue(
      customersPerArm,
      experiment.arms.map((a) => a.weight),
    ),
    daily,
  };
}
