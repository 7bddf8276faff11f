/**
 * What a campaign export runs on, loaded with the served set (serving-state.ts): the recommender's
 * scoring model (held through the set's ModelHold), the demand champion and the snapshot file,
 * verified together. Exports hold a lease on it; a set swapped out by a reload disposes the demand
 * model when its last lease ends, never under an export.
 */
import { errorMessage } from '../../src/errors.js';
import type { LoadedModel } from '../../src/model-directory/model-directory.js';
import { loadChampion } from '../../src/model-directory/registry.js';
import type { DayNumber } from '../../src/domain/dates.js';
import type { LiveRowSource } from '../../src/wide-table/live-rows.js';
import type { BankNow } from '../live/bank-now.js';
import type { ModelHold } from '../model-hold.js';
import type { SnapshotFile } from '../snapshot-file.js';
import { checkModelTasks, type CampaignModels } from './export-campaign.js';
import { checkFeatures } from './score-product.js';
import { checkHorizon } from './check-horizon.js';

/** Models and snapshot held for one export; `release` once it is done (twice is harmless). */
export interface CampaignLease {
  models: CampaignModels;
  snapshot: SnapshotFile;
  release(): void;
}

/** A lease with the served set's rules of the day: its bank state (current through the change feed) and the day it serves. */
export interface ServedCampaignLease extends CampaignLease {
  bank: BankNow;
  today: DayNumber;
  /** Rows computed on request, for a product launched after the snapshot was built. */
  liveRows?: LiveRowSource;
}

export class CampaignSet {
  private leases = 0;
  private retired = false;
  private disposed = false;

  /** Owns the demand model from now on; the recommender's is held through `choice` for each lease. */
  constructor(
    readonly models: CampaignModels,
    readonly snapshot: SnapshotFile,
    private readonly choice: ModelHold,
  ) {}

  lease(): CampaignLease {
    if (this.disposed) throw new Error('campaign set leased after it was disposed'); // a bug: a retired set is never handed out
    this.leases++;
    const releaseChoice = this.choice.acquire();
    let released = false;
    return {
      models: this.models,
      snapshot: this.snapshot,
      release: () => {
        if (released) return;
        released = true;
        releaseChoice();
        this.leases--;
        this.disposeWhenFree();
      },
    };
  }

  /** Swapped out: no new leases, and the models go once the exports running on them end. */
  retire(): void {
    this.retired = true;
    this.disposeWhenFree();
  }

  /** Exports still running on this set. */
  get activeLeases(): number {
    return this.leases;
  }

  private disposeWhenFree(): void {
    if (!this.retired || this.leases > 0 || this.disposed) return;
    this.disposed = true;
    this.models.demand.scoring.dispose();
  }
}

/** Either a set an export can run on, or why there is none and what to run. */
export type CampaignAvailability = { set: CampaignSet; unavailable?: undefined } | { set?: undefined; unavailable: string };

export interface CampaignSetOptions {
  /** The registry of demand models (`<models>/demand`). */
  demandRoot: string;
  /** The models root, for the commands the reasons suggest. */
  modelsRoot: string;
  snapshot: SnapshotFile;
}

/**
 * Loads the demand champion and checks it against the recommender and the snapshot. Never throws:
 * recommendations serve whatever the campaign side finds. The caller keeps owning `choice` (through
 * `hold`); the demand model, if it loaded but does not fit, is disposed here.
 */
export async function loadCampaignSet(choice: LoadedModel, hold: ModelHold, options: CampaignSetOptions): Promise<CampaignAvailability> {
  let demand: LoadedModel | null;
  try {
    demand = await loadChampion(options.demandRoot);
  } catch (err) {
    return {
      unavailable: `the demand champion in ${options.demandRoot} failed to load (${errorMessage(err)}): train and promote another (wealthrec demand train --promote --models ${options.modelsRoot}), or promote a working version (wealthrec models promote VERSION --models ${options.demandRoot})`,
    };
  }
  if (!demand)
    return {
      unavailable: `no demand champion in ${options.demandRoot}: run wealthrec demand train --promote --models ${options.modelsRoot}; the server loads it without a restart`,
    };
  const models = { choice, demand };
  try {
    checkModelTasks(models);
    checkFeatures(demand, options.snapshot.header.features, options.snapshot.path);
    checkHorizon(demand, options.snapshot.header.meta, options.snapshot.path);
  } catch (err) {
    demand.scoring.dispose();
    return { unavailable: `the demand champion ${demand.card.version} cannot export with the served set: ${errorMessage(err)}` };
  }
  return { set: new CampaignSet(models, options.snapshot, hold) };
}
