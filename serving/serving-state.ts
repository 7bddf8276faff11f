/**
 * What the server holds: the champion, its scored snapshot, the bank facts and what a campaign
 * export runs on (the champion's scoring model, the demand champion, the snapshot file), loaded
 * together and swapped in one assignment, so a request sees either the old set or the new one. A
 * load that fails (corrupt model, snapshot for other features) leaves the working set serving; a
 * demand champion that is missing or fails to load only makes exports answer 503.
 */
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Knex } from 'knex';
import { formatDay, type DayNumber } from '../src/domain/dates.js';
import { errorMessage } from '../src/errors.js';
import { log } from '../src/log.js';
import { DEMAND_REGISTRY, loadChampion } from '../src/model-directory/registry.js';
import { loadBankFacts } from './bank-facts.js';
import { loadCampaignSet, type CampaignAvailability, type CampaignLease } from './campaign/campaign-set.js';
import type { CampaignSource } from './campaign/campaign-service.js';
import { CampaignUnavailableError, NotReadyError } from './errors.js';
import { Recommender } from './recommender.js';
import { scoreSnapshot } from './scored-snapshot.js';
import { isStillLoadedFile, openSnapshotFile } from './snapshot-file.js';

/** What the API reads from the server: the loaded set, readiness and the model's description. */
export interface ServingState {
  /** null until a model and snapshot are loaded. */
  recommender(): Recommender | null;
  /** Why the service is not ready (empty when ready): no model, stale snapshot, database down, shutting down. */
  notReadyBecause(): Promise<string[]>;
  /** The champion's card and metrics summary, for GET /v1/models. */
  modelInfo(): unknown;
}

/** Whether the served set can make a campaign list, for GET /v1/models and the start-up line. */
export interface CampaignExportInfo {
  available: boolean;
  /** The demand champion exports use; null when unavailable. */
  demandModelVersion: string | null;
  /** Why exports answer 503, and what to run; null when available. */
  reason: string | null;
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
  campaignExport: CampaignExportInfo;
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

/** One loaded set: replaced whole, never changed. */
interface ServedSet {
  recommender: Recommender;
  info: unknown;
  campaigns: CampaignAvailability;
}

export class LiveServingState implements ServingState, CampaignSource {
  private current: ServedSet | null = null;
  /** Why the last reload failed, until one succeeds (a stale snapshot's export refusal names it). */
  private lastReloadFailure: string | null = null;
  private shuttingDown = false;

  constructor(
    private readonly knex: Knex,
    private readonly config: ServingConfig,
  ) {}

  /**
   * Loads the champion (sha256 manifest and known-answer prediction verified by the model directory),
   * scores the snapshot, warms the new set up, loads the demand champion for exports, and swaps it all
   * in with one assignment. The set swapped out releases its models once no export uses them. Throws,
   * keeping the old set serving, when the champion, the snapshot or the bank facts fail.
   */
  async reload(): Promise<LoadedSet> {
    try {
      const loaded = await this.load();
      this.lastReloadFailure = null;
      return loaded;
    } catch (err) {
      this.lastReloadFailure = errorMessage(err);
      throw err;
    }
  }

  private async load(): Promise<LoadedSet> {
    const started = performance.now();
    const { modelsRoot, snapshotPath } = this.config;
    const model = await loadChampion(modelsRoot);
    if (!model) throw new Error(`no champion in ${modelsRoot}: run wealthrec train --promote`);
    let campaigns: CampaignAvailability | null = null;
    try {
      const file = await openSnapshotFile(snapshotPath);
      const snapshot = await scoreSnapshot(snapshotPath, model);
      const bank = await loadBankFacts(this.knex);
      const recommender = new Recommender(snapshot, bank);
      warmUp(recommender);
      const asOf = formatDay(snapshot.asOf);
      const metrics = summary(model.metrics);
      // Last, and never throwing: from here on nothing fails, and the set is swapped in whatever the campaign side found.
      campaigns = await loadCampaignSet(model, { demandRoot: join(modelsRoot, DEMAND_REGISTRY), modelsRoot, snapshot: file });
      const campaignExport: CampaignExportInfo = campaigns.set
        ? { available: true, demandModelVersion: campaigns.set.models.demand.card.version, reason: null }
        : { available: false, demandModelVersion: null, reason: campaigns.unavailable };
      const info = {
        version: model.card.version,
        backend: { trainedWith: model.card.backend.name, scoredWith: tf.getBackend() },
        featureSchemaHash: model.card.featureSchemaHash,
        trainingCutoff: model.card.data.lastTrainDay,
        architecture: model.card.architecture,
        snapshotAsOf: asOf,
        loadedAt: new Date().toISOString(),
        metrics,
        campaignExport,
      };
      const previous = this.current;
      this.current = { recommender, info, campaigns };
      previous?.campaigns.set?.retire();

      const loaded = {
        version: model.card.version,
        asOf,
        customers: snapshot.byCustomer.size,
        rows: snapshot.productIds.length,
        excludedRows: snapshot.excludedRows,
        exampleCustomerId: snapshot.byCustomer.keys().next().value ?? null,
        campaignExport,
        seconds: (performance.now() - started) / 1000,
      };
      const { exampleCustomerId: _id, ...loggable } = loaded; // a customer id never goes to the logs
      log.info(loggable, 'model and snapshot loaded');
      if (!campaignExport.available) log.warn({ reason: campaignExport.reason }, 'campaign export unavailable: recommendations serve, exports answer 503');
      return loaded;
    } finally {
      // Without a campaign set the network is not needed after scoring: the scores are computed at load.
      if (!campaigns?.set) model.scoring.dispose();
    }
  }

  /** Still answers while shutting down: requests the balancer sent before readiness went 503 are served. */
  recommender(): Recommender | null {
    return this.current?.recommender ?? null;
  }

  modelInfo(): unknown {
    return this.current?.info ?? null;
  }

  /**
   * The served set's campaign models and snapshot, leased before any await so that a reload swapping
   * the set meanwhile cannot dispose them. Refused (503, saying why) when no set is loaded, the set
   * has no demand champion, or the snapshot file is no longer the one loaded.
   */
  async leaseCampaignSet(): Promise<CampaignLease> {
    const current = this.current;
    if (!current)
      throw new NotReadyError('no model and snapshot loaded yet: a campaign export runs on the served set (wealthrec train --promote, then wait for /readyz)');
    if (!current.campaigns.set) throw new CampaignUnavailableError(current.campaigns.unavailable);
    const lease = current.campaigns.set.lease();
    if (await isStillLoadedFile(lease.snapshot)) return lease;
    lease.release();
    const failure = this.lastReloadFailure;
    throw new CampaignUnavailableError(
      `the snapshot ${basename(lease.snapshot.path)} has changed since the served set was loaded, and ${failure ? `the last reload failed (${failure})` : 'the new file is not loaded yet'}: exports resume once a snapshot loads${failure ? ' (rebuild it: wealthrec features snapshot)' : ''}`,
    );
  }

  beginShutdown(): void {
    this.shuttingDown = true;
  }

  /** Releases the models the set holds, once exports on them end (tests; a server process just exits). */
  dispose(): void {
    this.current?.campaigns.set?.retire();
    this.current = null;
  }

  async notReadyBecause(): Promise<string[]> {
    const reasons: string[] = [];
    if (this.shuttingDown) reasons.push('shutting down');
    const current = this.current;
    if (!current) reasons.push('no model and snapshot loaded');
    else if (this.config.maxSnapshotAgeDays !== undefined) {
      const snapshotAsOf = current.recommender.snapshot.asOf;
      const age = this.config.today() - snapshotAsOf;
      if (age > this.config.maxSnapshotAgeDays)
        reasons.push(`snapshot as of ${formatDay(snapshotAsOf)} is ${age} days old (limit ${this.config.maxSnapshotAgeDays})`);
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
  if (tried > 0 && answered === 0)
    throw new Error(`warm-up: none of ${tried} snapshot customers is in the customers table: the snapshot and the database are of different banks`);
}

/** The pooled metrics of the candidate, when the model was evaluated. */
function summary(metrics: unknown): unknown {
  const m = metrics as {
    scorers?: Array<{ name: string; kind: string; pooled: { auc: number | null; logloss: number | null; ranking: { mrr: number } } }>;
  } | null;
  const candidate = m?.scorers?.find((s) => s.kind === 'model');
  return candidate ? { scorer: candidate.name, auc: candidate.pooled.auc, logloss: candidate.pooled.logloss, mrr: candidate.pooled.ranking.mrr } : null;
}
