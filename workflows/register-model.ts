/** Writes a trained model into its registry (unless the same weights are already there) and promotes it when asked: the end of `demand train` and `value train`. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeModelDirectory, type ModelContents } from '../src/model-directory/model-directory.js';
import { promote } from '../src/model-directory/registry.js';

export async function registerTrainedModel(root: string, contents: ModelContents, o: { what: string; metrics: unknown; promote?: boolean }): Promise<string> {
  const version = contents.card.version;
  const directory = join(root, version);
  try {
    if (existsSync(directory)) console.log(`${o.what} model ${version} is already registered (same weights)`);
    else await writeModelDirectory(directory, { ...contents, metrics: o.metrics ?? undefined });
  } finally {
    contents.scoring.dispose();
  }
  console.log(`${o.what} model ${version}: trained ${contents.card.data.firstTrainDay}..${contents.card.data.lastTrainDay} -> ${directory}`);
  if (o.promote) {
    const pointer = await promote(root, version);
    console.log(`${o.what} champion: ${pointer.version}${pointer.previous ? ` (was ${pointer.previous})` : ''}`);
  }
  return version;
}
