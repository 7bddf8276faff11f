/**
 * What the server holds: the champion, its scored snapshot and the bank facts, loaded together and
 * swapped in one assignment, so a request sees either the old set or the new one. A load that fails
 * (corrupt model, snapshot for other features) leaves the working set serving.
 */
import * as tf from '@tensorflow/tfjs';
import type { Knex } from 'knex';
import { formatDay, type DayNumber } from '../src/domain/dates.js';
import { log } from '../src/log.js';
import { loadChampion } from '../src/model-directory/registry.js';
import { loadBankFacts } from './bank-facts.js';
import { Recommender } from './recommender.js';
import { scoreSnapshot } from './scored-snapshot.js';

/** What the API reads from the server: the loaded set, readiness and the model's description. */
export interface ServingState {
  /** null until a model and snapshot are loaded. */
  recommender(): Recommender | null;
  /** Why the service is not ready (empty when ready): no model, stale snapshot, database down, shutting down. */
  notReadyBecause(): Promise<string[]>;
  /** The champion's card and metrics summary, for GET /v1/models. */
  modelInfo(): unknown;
}

export interface LoadedSet {
  version: string;
  asOf: string;
  customers: number;
  /** Scored rows kept for serving. */
  rows: number;
  excludedRows: number;
  /** A customer of the snapshot, for examples (null for an empty snapshot). */
  exampleCustomerId: string | null;
  /** Time to load, verify, score and warm up. */
  seconds: number;
}

export interface ServingConfig {
  modelsRoot: string;
  snapshotPath: string;
  /** Readiness fails when the snapshot's as-of day is older than this many days before today. */
  maxSnapshotAgeDays?: number;
  /** Today as a bank day (injectable for tests). */
  today: () => DayNumber;
}

export class LiveServingState implements ServingState {
  private current: Recommender | null = null;
  private info: unknown = null;
  private shuttingDown = false;

  constructor(
    private readonly knex: Knex,
    private readonly config: ServingConfig,
  ) {}

  /**
   * Loads the champion (sha256 manifest and known-answer prediction verified by the model directory),
   * scores the snapshot, warms the new set up, and swaps it in with one assignment. Throws, keeping
   * the old set serving, on any failure.
   */
  async reload(): Promise<LoadedSet> {
    const started = performance.now();
    const model = await loadChampion(this.config.modelsRoot);
    if (!model) throw new Error(`no champion in ${this.config.modelsRoot}: run wealthrec train --promote`);
    try {
      const snapshot = await scoreSnapshot(this.config.snapshotPath, model);
      const bank = await loadBankFacts(this.knex);
      const next = new Recommender(snapshot, bank);
      warmUp(next);
      const asOf = formatDay(snapshot.asOf);
      this.current = next;
      this.info = {
        version: model.card.version,
        backend: { trainedWith: model.card.backend.name, scoredWith: tf.getBackend() },
        featureSchemaHash: model.card.featureSchemaHash,
        trainingCutoff: model.card.data.lastTrainDay,
        architecture: model.card.architecture,
        snapshotAsOf: asOf,
        loadedAt: new Date().toISOString(),
        metrics: summary(model.metrics),
      };
      const loaded = { version: model.card.version, asOf, customers: snapshot.byCustomer.size, rows: snapshot.productIds.length, excludedRows: snapshot.excludedRows, exampleCustomerId: snapshot.byCustomer.keys().next().value ?? null, seconds: (performance.now() - started) / 1000 };
      const { exampleCustomerId: _id, ...loggable } = loaded; // a customer id never goes to the logs
      log.info(loggable, 'model and snapshot loaded');
      return loaded;
    } finally {
      // Scores are computed at load; the network is not needed afterwards.
      model.scoring.dispose();
    }
  }

  /** Still answers while shutting down: requests the balancer sent before readiness went 503 are served. */
  recommender(): Recommender | null {
    return this.current;
  }

  modelInfo(): unknown {
    return this.info;
  }

  beginShutdown(): void {
    this.shuttingDown = true;
  }

  async notReadyBecause(): Promise<string[]> {
    const reasons: string[] = [];
    if (this.shuttingDown) reasons.push('shutting down');
    if (!this.current) reasons.push('no model and snapshot loaded');
    else if (this.config.maxSnapshotAgeDays !== undefined) {
      const age = this.config.today() - this.current.snapshot.asOf;
      if (age > this.config.maxSnapshotAgeDays) reasons.push(`snapshot as of ${formatDay(this.current.snapshot.asOf)} is ${age} days old (limit ${this.config.maxSnapshotAgeDays})`);
    }
    try {
      await this.knex.raw('select 1');
    } catch {
      reasons.push('database unreachable');
    }
    return reasons;
  }
}

/**
 * Answers for the first customers before the swap, so the first real requests after a reload do not
 * pay for cold code paths and lazily built hidden classes; also proves the new set answers at all.
 */
function warmUp(recommender: Recommender, customers = 1000): void {
  let tried = 0;
  let answered = 0;
  for (const id of recommender.snapshot.byCustomer.keys()) {
    if (tried++ >= customers) break;
    const answer = recommender.recommend(id, 10);
    if (answer) answered++;
    JSON.stringify(answer);
  }
  // A customer closed since the snapshot is fine; none known means the snapshot is of another bank.
  if (tried > 0 && answered === 0) throw new Error(`warm-up: none of ${tried} snapshot customers is in the customers table: the snapshot and the database are of different banks`);
}

/** The pooled metrics of the candidate, when the model was evaluated. */
function summary(metrics: unknown): unknown {
  const m = metrics as { scorers?: Array<{ name: string; kind: string; pooled: { auc: number | null; logloss: number | null; ranking: { mrr: number } } }> } | null;
  const candidate = m?.scorers?.find((s) => s.kind === 'model');
  return candidate ? { scorer: candidate.name, auc: candidate.pooled.auc, logloss: candidate.pooled.logloss, mrr: candidate.pooled.ranking.mrr } : null;
}
