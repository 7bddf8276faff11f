/** Writes a trained model into its registry (unless the same weights are already there) and promotes it when asked: the end of `train`, `demand train` and `value train`. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeModelDirectory, type ModelContents } from '../src/model-directory/model-directory.js';
import { promote } from '../src/model-directory/registry.js';

export interface RegisterOptions {
  /** How the printed lines name the model: `recommender`, `demand`, `value`. */
  what: string;
  /** metrics.json: the evaluation report, when one was run. */
  metrics: unknown;
  promote?: boolean;
}

/** Returns the version. The version names the weights: the same data, seed and backend give the same model, registered once. */
export async function registerTrainedModel(root: string, contents: ModelContents, options: RegisterOptions): Promise<string> {
  const card = contents.card;
  const directory = join(root, card.version);
  try {
    if (existsSync(directory)) console.log(`${options.what} model ${card.version} is already registered (same weights); the registry keeps the first copy`);
    else await writeModelDirectory(directory, { ...contents, metrics: options.metrics ?? undefined });
  } finally {
    contents.scoring.dispose();
  }
  const fit = card.fit;
  console.log(
    `${options.what} model ${card.version}: ${fit.epochs} epochs (best ${fit.bestEpoch}, valid loss ${fit.bestValidLoss.toFixed(4)}), ${Math.round(fit.rowsPerSecond).toLocaleString('en')} rows/s, trained ${card.data.firstTrainDay}..${card.data.lastTrainDay} -> ${directory}`,
  );
  if (options.promote) await promoteModel(root, card.version, options.what);
  return card.version;
}

/** Makes `version` the champion of the registry at `root` (after verifying it) and says so. */
export async function promoteModel(root: string, version: string, what: string): Promise<void> {
  const pointer = await promote(root, version);
  console.log(`${what} champion: ${pointer.version}${pointer.previous ? ` (was ${pointer.previous})` : ''}`);
}
