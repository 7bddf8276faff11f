/**
 * What a campaign export runs on, loaded with the served set (serving-state.ts): the recommender's
 * scoring model, the demand champion and the snapshot file, verified together. Exports hold a lease
 * on it; a set swapped out by a reload is disposed when its last lease ends, never under an export.
 */
import { errorMessage } from '../../src/errors.js';
import type { LoadedModel } from '../../src/model-directory/model-directory.js';
import { loadChampion } from '../../src/model-directory/registry.js';
import type { SnapshotFile } from '../snapshot-file.js';
import { checkModelTasks, type CampaignModels } from './export-campaign.js';
import { checkFeatures } from './score-product.js';

/** Models and snapshot held for one export; `release` once it is done (twice is harmless). */
export interface CampaignLease {
  models: CampaignModels;
  snapshot: SnapshotFile;
  release(): void;
}

export class CampaignSet {
  private leases = 0;
  private retired = false;
  private disposed = false;

  /** Owns both models from now on: they are disposed with the set. */
  constructor(
    readonly models: CampaignModels,
    readonly snapshot: SnapshotFile,
  ) {}

  lease(): CampaignLease {
    if (this.disposed) throw new Error('campaign set leased after it was disposed'); // a bug: a retired set is never handed out
    this.leases++;
    let released = false;
    return {
      models: this.models,
      snapshot: this.snapshot,
      release: () => {
        if (released) return;
        released = true;
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
    this.models.choice.scoring.dispose();
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
 * recommendations serve whatever the campaign side finds. On success the set owns `choice`;
 * otherwise the caller still does (and the demand model, if it loaded, is disposed here).
 */
export async function loadCampaignSet(choice: LoadedModel, options: CampaignSetOptions): Promise<CampaignAvailability> {
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
  } catch (err) {
    demand.scoring.dispose();
    return { unavailable: `the demand champion ${demand.card.version} cannot export with the served set: ${errorMessage(err)}` };
  }
  return { set: new CampaignSet(models, options.snapshot) };
}
