/**
 * The running experiment as the server holds it: its arms, each ready to answer (the champion of
 * the served set, a registered model version scored on the same snapshot, or a baseline policy),
 * and the assignment of a customer to one of them.
 */
import type { Knex } from 'knex';
import type { DayNumber } from '../../src/domain/dates.js';
import type { BankNow } from '../live/bank-now.js';
import type { RecomputedLists } from '../live/recomputed-lists.js';
import type { ProductPolicy, Recommender } from '../recommender.js';
import { policyLabel, type BaselinePolicy, type ExperimentArm } from './arm-policy.js';
import { armIndexAt, assignmentPoint } from './assign-arm.js';
import type { Experiment } from './experiments-table.js';

export interface LiveArm {
  name: string;
  /** A model arm's own recommender; null: the champion answers (with `policy` when the arm is a baseline). */
  recommender: Recommender | null;
  policy: ProductPolicy | null;
}

/** A model arm, loaded and scored on the served snapshot; `release` frees its model. */
export interface LoadedModelArm {
  recommender: Recommender;
  /** Its lists computed on request, which the change feed must invalidate like the champion's; null when it computes none. */
  recomputed: Pick<RecomputedLists, 'clear' | 'invalidate'> | null;
  release(): void;
}

export class LiveExperiment {
  private readonly weights: number[];

  constructor(
    readonly experiment: Experiment,
    readonly arms: readonly LiveArm[],
    /** The serving day the arms were built for (popularity counts the 7 days before it). */
    readonly day: DayNumber,
    private readonly releaseArms: () => void,
    /** The model arms' lists computed on request. */
    readonly recomputedLists: ReadonlyArray<Pick<RecomputedLists, 'clear' | 'invalidate'>> = [],
  ) {
    this.weights = experiment.arms.map((a) => a.weight);
  }

  get name(): string {
    return this.experiment.name;
  }

  armFor(customerId: string): LiveArm {
    return this.arms[armIndexAt(assignmentPoint(this.experiment.salt, customerId), this.weights)];
  }

  release(): void {
    this.releaseArms();
  }
}

/** Popularity's window, as the offline baseline (`popularity_7d`) counts it. */
export const POPULARITY_DAYS = 7;

/** Purchases per product over the POPULARITY_DAYS days before `day` (never the day itself: its purchases are still arriving). */
export async function productPopularity(knex: Knex, day: DayNumber): Promise<Map<string, number>> {
  const rows = (await knex('purchases')
    .select('product_id')
    .count({ n: '*' })
    .where('purchase_day', '>=', day - POPULARITY_DAYS)
    .andWhere('purchase_day', '<', day)
    .groupBy('product_id')) as Array<{ product_id: string; n: number | string }>;
  return new Map(rows.map((r) => [String(r.product_id), Number(r.n)]));
}

/**
 * A baseline's order, with a score in [0, 1] as the API's contract wants: popularity's share of the
 * window's purchases, or the expected yield relative to the highest on sale when the arms were built.
 */
export function baselinePolicy(policy: BaselinePolicy, popularity: ReadonlyMap<string, number>, bank: () => BankNow): ProductPolicy {
  const label = policyLabel({ kind: 'baseline', policy });
  if (policy === 'popularity') {
    let total = 0;
    for (const n of popularity.values()) total += n;
    return { label, score: (id) => (total > 0 ? (popularity.get(id) ?? 0) / total : 0) };
  }
  // The bank's expert ranking: the highest expected yield; a product without one goes last.
  let highest = 0;
  for (const p of bank().products.values()) highest = Math.max(highest, p.facts.expectedYield ?? 0);
  return {
    label,
    score: (id) => {
      const y = bank().products.get(id)?.facts.expectedYield;
      return y === null || y === undefined || highest <= 0 ? 0 : Math.min(1, Math.max(0, y / highest));
    },
  };
}

export interface BuildDeps {
  knex: Knex;
  day: DayNumber;
  bank: () => BankNow;
  loadModelArm: (version: string) => Promise<LoadedModelArm>;
}

/** Makes each arm ready to answer; releases what it loaded if one arm fails. */
export async function buildLiveExperiment(experiment: Experiment, deps: BuildDeps): Promise<LiveExperiment> {
  const loaded: LoadedModelArm[] = [];
  const releaseAll = () => {
    for (const l of loaded) l.release();
  };
  try {
    const needsPopularity = experiment.arms.some((a) => a.policy.kind === 'baseline' && a.policy.policy === 'popularity');
    const popularity = needsPopularity ? await productPopularity(deps.knex, deps.day) : new Map<string, number>();
    const arms: LiveArm[] = [];
    for (const arm of experiment.arms) arms.push(await liveArm(arm, popularity, deps, loaded));
    const lists = loaded.flatMap((l) => (l.recomputed ? [l.recomputed] : []));
    return new LiveExperiment(experiment, arms, deps.day, releaseAll, lists);
  } catch (err) {
    releaseAll();
    throw err;
  }
}

async function liveArm(arm: ExperimentArm, popularity: Map<string, number>, deps: BuildDeps, loaded: LoadedModelArm[]): Promise<LiveArm> {
  const { policy } = arm;
  if (policy.kind === 'champion') return { name: arm.arm, recommender: null, policy: null };
  if (policy.kind === 'baseline') return { name: arm.arm, recommender: null, policy: baselinePolicy(policy.policy, popularity, deps.bank) };
  const model = await deps.loadModelArm(policy.version);
  loaded.push(model);
  return { name: arm.arm, recommender: model.recommender, policy: null };
}
