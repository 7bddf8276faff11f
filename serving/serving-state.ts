/**
 * What the server holds: the champion, its scored snapshot and the bank facts, loaded together and
 * swapped in one assignment, so a request sees either the old set or the new one. A load that fails
 * (corrupt model, snapshot for other features) leaves the working set serving.
 */
import type { Knex } from 'knex';
import { formatDay, type DayNumber } from '../src/domain/dates.js';
import { log } from '../src/log.js';
import { loadChampion } from '../training/registry.js';
import type { ServingState } from './app.js';
import { loadBankFacts } from './bank-facts.js';
import { Recommender } from './recommender.js';
import { scoreSnapshot } from './scored-snapshot.js';

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

  /** Loads the champion and the snapshot, scores it, and swaps them in. Throws, keeping the old set, on any failure. */
  async reload(): Promise<{ version: string; asOf: string; customers: number; excludedRows: number }> {
    const model = await loadChampion(this.config.modelsRoot);
    if (!model) throw new Error(`no champion in ${this.config.modelsRoot}: run wealthrec train --promote`);
    try {
      const snapshot = await scoreSnapshot(this.config.snapshotPath, model);
      const bank = await loadBankFacts(this.knex);
      this.current = new Recommender(snapshot, bank);
      this.info = { version: model.card.version, backend: model.card.backend, featureSchemaHash: model.card.featureSchemaHash, trainingCutoff: model.card.data.lastTrainDay, architecture: model.card.architecture, snapshotAsOf: formatDay(snapshot.asOf), metrics: summary(model.metrics) };
      log.info({ version: model.card.version, asOf: formatDay(snapshot.asOf), customers: snapshot.byCustomer.size }, 'model and snapshot loaded');
      return { version: model.card.version, asOf: formatDay(snapshot.asOf), customers: snapshot.byCustomer.size, excludedRows: snapshot.excludedRows };
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

/** The pooled metrics of the candidate, when the model was evaluated. */
function summary(metrics: unknown): unknown {
  const m = metrics as { scorers?: Array<{ name: string; kind: string; pooled: { auc: number | null; logloss: number | null; ranking: { mrr: number } } }> } | null;
  const candidate = m?.scorers?.find((s) => s.kind === 'model');
  return candidate ? { scorer: candidate.name, auc: candidate.pooled.auc, logloss: candidate.pooled.logloss, mrr: candidate.pooled.ranking.mrr } : null;
}
