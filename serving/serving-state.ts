/**
 * What the server holds: the champion, its scored snapshot, the bank's state now (kept current by
 * the change feed), the lists computed on request, and what a campaign export runs on (the
 * champion's scoring model, the demand champion, the snapshot file), loaded together and swapped
 * in one assignment, so a request sees either the old set or the new one. A load that fails
 * (corrupt model, snapshot for other features) leaves the working set serving; a demand champion
 * that is missing or fails to load only makes exports answer 503.
 */
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Knex } from 'knex';
import { latestCommittedRun, latestErasure } from '../src/db/change-feed.js';
import { databaseFileProblem } from '../src/db/database-file.js';
import { withDeadline } from '../src/deadline.js';
import { formatDay, type DayNumber } from '../src/domain/dates.js';
import { errorMessage } from '../src/errors.js';
import { log } from '../src/log.js';
import { readModelDirectory } from '../src/model-directory/model-directory.js';
import { DEMAND_REGISTRY, loadChampion } from '../src/model-directory/registry.js';
import { FEATURES } from '../src/wide-table/feature-set.js';
import { featureSchemaHash } from '../src/wide-table/feature-schema-hash.js';
import type { LiveRowSource } from '../src/wide-table/live-rows.js';
import { loadCampaignSet, type CampaignAvailability, type ServedCampaignLease } from './campaign/campaign-set.js';
import type { CampaignSource } from './campaign/campaign-service.js';
import { CampaignUnavailableError, NotReadyError } from './errors.js';
import { BankNow } from './live/bank-now.js';
import { applyNewImports, FeedCursor, type AppliedImports } from './live/change-feed.js';
import { RecomputedLists } from './live/recomputed-lists.js';
import { ModelHold } from './model-hold.js';
import { oneAtATime } from './one-at-a-time.js';
import { NEEDS_RECOMPUTE, Recommender } from './recommender.js';
import { attachReasonsLater } from './attach-reasons-later.js';
import { scoreSnapshot, SnapshotError } from './scored-snapshot.js';
import { isStillLoadedFile, openSnapshotFile } from './snapshot-file.js';
import { buildLiveExperiment, type LiveExperiment, type LoadedModelArm } from './experiments/live-experiment.js';
import { runningExperiment } from './experiments/experiments-table.js';

/** What the API reads from the server: the loaded set, readiness and the model's description. */
export interface ServingState {
  /** null until a model and snapshot are loaded. */
  recommender(): Recommender | null;
  /** Why the service is not ready (empty when ready): no model, stale snapshot, database down, shutting down. */
  notReadyBecause(): Promise<string[]>;
  /** The champion's card and metrics summary, for GET /v1/models. */
  modelInfo(): unknown;
  /** The running A/B experiment, ready to answer; null (or absent) when none runs. */
  experiment?(): LiveExperiment | null;
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
  /** Whether rows are computed on request where the snapshot cannot answer for today. */
  recomputeOnRequest: boolean;
  /** Time to load, verify, score and warm up. */
  seconds: number;
}

/** When the served snapshot's rows get their reasons (ServingConfig.reasons). */
export const REASONS_WHEN = ['load', 'background', 'off'] as const;
export type ReasonsWhen = (typeof REASONS_WHEN)[number];

export interface ServingConfig {
  modelsRoot: string;
  snapshotPath: string;
  /** Readiness fails when the snapshot's as-of day is older than this many days before today. */
  maxSnapshotAgeDays?: number;
  /** Today as a bank day (injectable for tests). */
  today: () => DayNumber;
  /**
   * Computes rows on request where the snapshot cannot answer for today (a customer opened since, a
   * risk level raised, a product launched): the feature stage's live row source, wired in by the
   * command that starts the server. Without it such customers get the snapshot's rows, checked by the rules.
   */
  liveRows?: LiveRowSource;
  /** Readiness fails when the change feed has not caught up for this many seconds (default 60). */
  maxFeedLagSeconds?: number;
  /** Told of every list computed on request (metrics). */
  onRecomputed?: (seconds: number, ok: boolean) => void;
  /** Threads that score the snapshot at load, this one included (default 1). */
  scoringThreads?: number;
  /**
   * When the snapshot's rows get their reasons (docs/reasons.md): `load` before the set serves (the
   * default here), `background` after, on worker threads (items carry none until then), `off` never.
   */
  reasons?: ReasonsWhen;
  /** Told of the customers an erasure removed from the served set (the profile table drops them too). */
  onErased?: (customerIds: string[]) => void;
}

/** One loaded set: replaced whole; only the change feed updates its bank state and computed lists. */
interface ServedSet {
  recommender: Recommender;
  bank: BankNow;
  recomputed: RecomputedLists | null;
  cursor: FeedCursor;
  heldCustomerIds: () => Iterable<string>;
  model: ModelHold;
  info: Record<string, unknown>;
  /** Products on sale on the snapshot's day when it was built; null for an older snapshot. */
  shelf: ReadonlySet<string> | null;
  campaigns: CampaignAvailability;
}

export const DEFAULT_MAX_FEED_LAG_SECONDS = 60;
class ProbeTimeout extends Error {}

/** Readiness waits this long for the database before calling it unreachable. */
export const DATABASE_PROBE_MS = 800;

export class LiveServingState implements ServingState, CampaignSource {
  private current: ServedSet | null = null;
  /** Why the last reload failed, until one succeeds (a stale snapshot's export refusal names it). */
  private lastReloadFailure: string | null = null;
  private shuttingDown = false;
  private probe: Promise<unknown> | null = null;
  /** The running experiment and the set its arms were built on. */
  private live: { experiment: LiveExperiment; set: ServedSet } | null = null;

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
      // A model arm is scored on the snapshot, the champion arm is the set's: both follow the new set.
      await this.refreshExperiment().catch((err) => log.error({ err }, 'the running experiment could not be set up on the new set'));
      return loaded;
    } catch (err) {
      this.lastReloadFailure = errorMessage(err);
      throw err;
    }
  }

  private async load(): Promise<LoadedSet> {
    const started = performance.now();
    const { modelsRoot, snapshotPath, liveRows } = this.config;
    const model = await loadChampion(modelsRoot);
    if (!model) throw new Error(`no champion in ${modelsRoot}: run wealthrec train --promote`);
    const hold = new ModelHold(model.scoring);
    let swapped = false;
    try {
      const file = await openSnapshotFile(snapshotPath);
      const reasonsWhen = this.config.reasons ?? 'load';
      const snapshot = await scoreSnapshot(snapshotPath, model, {
        threads: this.config.scoringThreads,
        backend: tf.getBackend(),
        reasons: reasonsWhen === 'load',
      });
      // The feed starts from the last run committed before the bank is read: nothing committed meanwhile is missed.
      const cursor = new FeedCursor(await latestCommittedRun(this.knex), Date.now(), await latestErasure(this.knex));
      const bank = await BankNow.load(this.knex, snapshot.asOf, snapshot.customerNumbers);
      // Rows computed now follow this build's feature list: only a model trained on it can score them.
      const recomputed =
        liveRows && featureSchemaHash(FEATURES) === model.card.featureSchemaHash ? new RecomputedLists(liveRows, hold, this.config.onRecomputed) : null;
      const shelfIds = file.header.meta.extra?.shelf;
      const shelf = Array.isArray(shelfIds) ? new Set(shelfIds as string[]) : null;
      const recommender = new Recommender({
        snapshot,
        bank,
        recomputed,
        today: this.config.today,
        changesAppliedThrough: () => cursor.appliedThrough,
        snapshotShelf: shelf,
      });
      warmUp(recommender);
      const asOf = formatDay(snapshot.asOf);
      const metrics = summary(model.metrics);
      // Last, and never throwing: from here on nothing fails, and the set is swapped in whatever the campaign side found.
      const campaigns = await loadCampaignSet(model, hold, { demandRoot: join(modelsRoot, DEMAND_REGISTRY), modelsRoot, snapshot: file });
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
      this.current = { recommender, bank, recomputed, cursor, model: hold, info, campaigns, shelf, heldCustomerIds: () => bank.customerIds() };
      swapped = true;
      previous?.campaigns.set?.retire();
      previous?.model.retire();
      if (reasonsWhen === 'background') {
        const set = this.current;
        attachReasonsLater(snapshot, model, {
          threads: this.config.scoringThreads ?? 1,
          backend: tf.getBackend(),
          isStale: () => this.current !== set,
        }).catch((err) => log.error({ err }, 'reasons could not be attached: the answers serve without them'));
      }

      const loaded = {
        version: model.card.version,
        asOf,
        customers: snapshot.customerIds.length,
        rows: snapshot.products.length,
        excludedRows: snapshot.excludedRows,
        exampleCustomerId: snapshot.customerIds[0] ?? null,
        campaignExport,
        recomputeOnRequest: recomputed !== null,
        seconds: (performance.now() - started) / 1000,
      };
      const { exampleCustomerId: _id, ...loggable } = loaded; // a customer id never goes to the logs
      log.info(loggable, 'model and snapshot loaded');
      if (!campaignExport.available) log.warn({ reason: campaignExport.reason }, 'campaign export unavailable: recommendations serve, exports answer 503');
      if (liveRows && !recomputed)
        log.warn(
          'the champion was trained on other features than this build computes: customers the snapshot cannot answer for get its rows, checked by the rules',
        );
      return loaded;
    } finally {
      if (!swapped) hold.retire();
    }
  }

  /**
   * Applies the imports committed since the set's feed last looked (see live/change-feed.ts). The
   * server calls it every poll interval, and an erasure over HTTP at once; one runs at a time (a
   * call while one runs waits for it, then looks again). A failure leaves the set as it was, and the
   * lag grows.
   */
  readonly applyChanges: () => Promise<AppliedImports> = oneAtATime(() => this.applyChangesNow());

  private async applyChangesNow(): Promise<AppliedImports> {
    const current = this.current;
    if (!current) return { runs: 0, customers: 0, products: 0, erased: [], delays: [] };
    // An experiment's model arms keep lists computed on request too: the same changes make them stale.
    const armLists = this.live?.set === current ? this.live.experiment.recomputedLists : [];
    const target = armLists.length === 0 ? current : { ...current, recomputed: everyList([current.recomputed, ...armLists]) };
    const applied = await applyNewImports(this.knex, target, this.config.liveRows ?? null);
    if (applied.erased.length > 0) this.config.onErased?.(applied.erased);
    return applied;
  }

  /** Seconds since the served set's change feed was last caught up (0 without a set). */
  feedLagSeconds(): number {
    return this.current?.cursor.lagSeconds() ?? 0;
  }

  experiment(): LiveExperiment | null {
    return this.live?.experiment ?? null;
  }

  /**
   * Reads the running experiment from the database and, when it started or stopped, or the set or
   * the serving day changed, builds its arms anew (loading and scoring a model arm takes seconds; the
   * previous arms answer meanwhile). One refresh at a time. Rejects when an arm cannot be built
   * (a model version deleted, say): then the previous arms keep answering, or the champion alone.
   */
  readonly refreshExperiment: () => Promise<void> = oneAtATime(() => this.refreshExperimentNow());

  private async refreshExperimentNow(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const running = await runningExperiment(this.knex);
    const previous = this.live;
    if (!running) {
      this.live = null;
      previous?.experiment.release();
      return;
    }
    const day = current.recommender.servingDay();
    if (previous && previous.experiment.name === running.name && previous.set === current && previous.experiment.day === day) return;
    const experiment = await buildLiveExperiment(running, {
      knex: this.knex,
      day,
      bank: () => current.bank,
      loadModelArm: (version) => this.loadModelArm(version, current),
    });
    this.live = { experiment, set: current };
    previous?.experiment.release();
    log.info({ experiment: running.name, arms: running.arms.map((a) => a.arm) }, 'experiment arms ready');
  }

  /** A registered model version, scored on the served snapshot, answering with the set's bank state. */
  private async loadModelArm(version: string, set: ServedSet): Promise<LoadedModelArm> {
    const model = await readModelDirectory(join(this.config.modelsRoot, version));
    const hold = new ModelHold(model.scoring);
    try {
      if (model.card.task !== 'choice') throw new Error(`model ${version} is a ${model.card.task} model, not a recommender`);
      const snapshot = await scoreSnapshot(this.config.snapshotPath, model, {
        threads: this.config.scoringThreads,
        backend: tf.getBackend(),
        reasons: (this.config.reasons ?? 'load') !== 'off',
      });
      const liveRows = this.config.liveRows;
      const recomputed = liveRows && featureSchemaHash(FEATURES) === model.card.featureSchemaHash ? new RecomputedLists(liveRows, hold) : null;
      const recommender = new Recommender({
        snapshot,
        bank: set.bank,
        recomputed,
        today: this.config.today,
        changesAppliedThrough: () => set.cursor.appliedThrough,
        snapshotShelf: set.shelf,
      });
      return { recommender, recomputed, release: () => hold.retire() };
    } catch (err) {
      hold.retire();
      throw err;
    }
  }

  /** Still answers while shutting down: requests the balancer sent before readiness went 503 are served. */
  recommender(): Recommender | null {
    return this.current?.recommender ?? null;
  }

  modelInfo(): unknown {
    const current = this.current;
    if (!current) return null;
    return {
      ...current.info,
      freshness: {
        snapshotAsOf: current.info.snapshotAsOf,
        servingDay: formatDay(current.recommender.servingDay()),
        changesAppliedThrough: current.cursor.appliedThrough,
        feedLagSeconds: Math.round(current.cursor.lagSeconds()),
        recomputeOnRequest: current.recomputed !== null,
        recomputedCustomers: current.recomputed?.size ?? 0,
      },
    };
  }

  /**
   * The served set's campaign models and snapshot, leased before any await so that a reload swapping
   * the set meanwhile cannot dispose them. Refused (503, saying why) when no set is loaded, the set
   * has no demand champion, or the snapshot file is no longer the one loaded.
   */
  async leaseCampaignSet(): Promise<ServedCampaignLease> {
    const current = this.current;
    if (!current)
      throw new NotReadyError('no model and snapshot loaded yet: a campaign export runs on the served set (wealthrec train --promote, then wait for /readyz)');
    if (!current.campaigns.set) throw new CampaignUnavailableError(current.campaigns.unavailable);
    // The exclusions and the audit record need the database: one that does not answer now gets a
    // prompt 503 rather than an export that waits for the network (as readiness does).
    const problem = await this.probeDatabase();
    if (problem) throw new NotReadyError(`${problem}: a campaign export reads its exclusions from it and records itself in it; retry when /readyz answers 200`);
    const lease = current.campaigns.set.lease();
    if (await isStillLoadedFile(lease.snapshot))
      return { ...lease, bank: current.bank, today: current.recommender.servingDay(), liveRows: this.config.liveRows };
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
    this.live?.experiment.release();
    this.live = null;
    this.current?.campaigns.set?.retire();
    this.current?.model.retire();
    this.current = null;
  }

  async notReadyBecause(): Promise<string[]> {
    const reasons: string[] = [];
    if (this.shuttingDown) reasons.push('shutting down');
    const current = this.current;
    if (!current) reasons.push('no model and snapshot loaded');
    else {
      if (this.config.maxSnapshotAgeDays !== undefined) {
        const snapshotAsOf = current.recommender.snapshot.asOf;
        const age = this.config.today() - snapshotAsOf;
        if (age > this.config.maxSnapshotAgeDays)
          reasons.push(`snapshot as of ${formatDay(snapshotAsOf)} is ${age} days old (limit ${this.config.maxSnapshotAgeDays})`);
      }
      const lag = current.cursor.lagSeconds();
      const limit = this.config.maxFeedLagSeconds ?? DEFAULT_MAX_FEED_LAG_SECONDS;
      if (lag > limit) reasons.push(`the change feed has not caught up for ${Math.round(lag)} s (limit ${limit} s): answers may miss today's imports`);
    }
    const fileProblem = databaseFileProblem(this.knex);
    if (fileProblem) reasons.push(fileProblem);
    else {
      const problem = await this.probeDatabase();
      if (problem) reasons.push(problem);
    }
    return reasons;
  }

  /**
   * One query, answered within DATABASE_PROBE_MS or reported unreachable: a database behind a network
   * partition does not refuse, it never answers. A probe still out is waited on again rather than
   * joined by another, so a hanging database holds one query, not one per readiness check.
   */
  private probeDatabase(): Promise<string | null> {
    this.probe ??= this.knex.raw('select 1').finally(() => {
      this.probe = null;
    });
    return withDeadline(this.probe, DATABASE_PROBE_MS, () => new ProbeTimeout()).then(
      () => null,
      (err: unknown) => (err instanceof ProbeTimeout ? `database unreachable: no answer within ${DATABASE_PROBE_MS} ms` : 'database unreachable'),
    );
  }
}

/** Several sets of lists computed on request, cleared and invalidated together. */
function everyList(lists: ReadonlyArray<Pick<RecomputedLists, 'clear' | 'invalidate'> | null>): Pick<RecomputedLists, 'clear' | 'invalidate'> {
  const present = lists.filter((l) => l !== null);
  return {
    clear: () => {
      for (const l of present) l.clear();
    },
    invalidate: (id) => {
      for (const l of present) l.invalidate(id);
    },
  };
}

/**
 * Answers for the first customers before the swap, so the first real requests after a reload do not
 * pay for cold code paths and lazily built hidden classes; also proves the new set answers at all.
 */
function warmUp(recommender: Recommender, customers = 1000): void {
  let tried = 0;
  let answered = 0;
  for (const id of recommender.snapshot.customerIds) {
    if (tried++ >= customers) break;
    const answer = recommender.recommend(id, 10);
    if (answer && answer !== NEEDS_RECOMPUTE) JSON.stringify(answer);
    if (answer) answered++;
  }
  // A customer closed since the snapshot is fine; none known means the snapshot is of another bank.
  if (tried > 0 && answered === 0)
    throw new SnapshotError(`warm-up: none of ${tried} snapshot customers is in the customers table: the snapshot and the database are of different banks`);
}

/** The pooled metrics of the candidate, when the model was evaluated. */
function summary(metrics: unknown): unknown {
  const m = metrics as {
    scorers?: Array<{ name: string; kind: string; pooled: { auc: number | null; logloss: number | null; ranking: { mrr: number } } }>;
  } | null;
  const candidate = m?.scorers?.find((s) => s.kind === 'model');
  return candidate ? { scorer: candidate.name, auc: candidate.pooled.auc, logloss: candidate.pooled.logloss, mrr: candidate.pooled.ranking.mrr } : null;
}
