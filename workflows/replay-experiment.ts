/**
 * An experiment replayed on history (the demo's): every customer of a past day's snapshot is served
 * once, as the server would serve them that morning (the same arm assignment, policies, rules and
 * impression log), then the experiment is stopped and reported on the days after. The bank's state
 * is read as it stood at the start of that day, so no later purchase shapes the answers.
 */
import type { Knex } from 'knex';
import type { ExperimentArm } from '../serving/experiments/arm-policy.js';
import type { ExperimentOutcomes } from '../serving/experiments/experiment-outcomes.js';
import { startExperiment, stopExperiment } from '../serving/experiments/experiments-table.js';
import { ImpressionLog } from '../serving/experiments/impression-log.js';
import { buildLiveExperiment } from '../serving/experiments/live-experiment.js';
import { recordServed, servedListFor } from '../serving/experiments/served-list.js';
import { BankNow } from '../serving/live/bank-now.js';
import { NEEDS_RECOMPUTE, Recommender } from '../serving/recommender.js';
import { scoreSnapshot } from '../serving/scored-snapshot.js';
import type { ServingState } from '../serving/serving-state.js';
import { UsageError } from '../src/errors.js';
import { loadChampion } from '../src/model-directory/registry.js';
import { runExperimentReport } from './experiments.js';

export interface ReplayOptions {
  name: string;
  /** Baselines and the champion; a model-version arm needs the server's loading and is not replayed here. */
  arms: ExperimentArm[];
  /** A snapshot of the replayed day (features from the days before it). */
  snapshot: string;
  models: string;
  /** Items per answer, as WeChat banking asks. */
  n: number;
  horizonDays: number;
  out?: string;
}

export async function replayExperiment(knex: Knex, options: ReplayOptions): Promise<ExperimentOutcomes> {
  if (options.arms.some((a) => a.policy.kind === 'model')) throw new UsageError('a replay serves the champion and baselines only');
  const model = await loadChampion(options.models);
  if (!model) throw new UsageError(`no champion in ${options.models}: run wealthrec train --promote`);
  const snapshot = await scoreSnapshot(options.snapshot, model, { reasons: false }).finally(() => model.scoring.dispose());
  const day = snapshot.asOf;
  const bank = await BankNow.load(knex, day, snapshot.customerNumbers, day);
  const recommender = new Recommender({ snapshot, bank, recomputed: null, today: () => day, changesAppliedThrough: () => null, snapshotShelf: null });
  const experiment = await startExperiment(knex, { name: options.name, arms: options.arms, day, startedBy: 'replay' });
  try {
    const live = await buildLiveExperiment(experiment, {
      knex,
      day,
      bank: () => bank,
      loadModelArm: () => Promise.reject(new UsageError('a replay serves the champion and baselines only')),
    });
    const state: ServingState = { recommender: () => recommender, notReadyBecause: async () => [], modelInfo: () => null, experiment: () => live };
    let dropped = 0;
    const impressions = new ImpressionLog(knex, { capacity: snapshot.customerIds.length + 1, onDropped: (rows) => (dropped += rows) });
    for (const id of snapshot.customerIds) {
      const served = servedListFor(state, id)!;
      const answer = served.recommender.recommend(id, options.n, served.policy);
      // A customer closed since the snapshot has no answer; none needs recomputing without a live row source.
      if (answer && answer !== NEEDS_RECOMPUTE) recordServed(served, answer, impressions);
    }
    await impressions.stop();
    if (dropped > 0) throw new Error(`the replay's impression log dropped ${dropped} lists: its report would be wrong`);
  } finally {
    await stopExperiment(knex, options.name, day);
  }
  return runExperimentReport(knex, { name: options.name, horizon: options.horizonDays, today: day + options.horizonDays, replay: true, out: options.out });
}
