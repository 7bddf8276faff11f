/**
 * A demand model that reads the horizon features scores rows whose horizon features were computed for
 * its own horizon H: a snapshot built for another horizon (or none) would show it the wrong window.
 */
import type { LoadedModel } from '../../src/model-directory/model-directory.js';
import { HORIZON_FAMILY } from '../../src/wide-table/feature-set.js';
import type { WideTableMeta } from '../../src/wide-table/meta.js';
import { SnapshotError } from '../scored-snapshot.js';

export function checkHorizon(demand: LoadedModel, meta: WideTableMeta, path: string): void {
  if (!demand.features.some((f) => f.family === HORIZON_FAMILY)) return;
  const wanted = demand.card.target?.horizonDays;
  const built = meta.extra?.horizonDays;
  if (built === wanted) return;
  throw new SnapshotError(
    `${path} was built ${typeof built === 'number' ? `for a ${built}-day horizon` : 'without a horizon'}, but demand model ${demand.card.version} predicts purchases within ${wanted} days: rebuild the snapshot with wealthrec features snapshot --horizon ${wanted}`,
  );
}
