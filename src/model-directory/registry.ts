/**
 * The model registry: a folder of model directories (models/<version>/) and a champion pointer
 * (models/champion.json) that serving follows. A version is written once and never changed;
 * promoting only moves the pointer, after the version has been fully verified.
 */
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { modelCardSchema, type ModelCard } from './model-card.js';
import { ModelDirectoryError, readModelDirectory, type LoadedModel } from './model-directory.js';

export const CHAMPION_FILE = 'champion.json';
export const DEFAULT_MODELS_ROOT = './models';

const championSchema = z.object({ version: z.string(), promotedAt: z.string(), previous: z.string().nullable() });
export type ChampionPointer = z.infer<typeof championSchema>;

/** The demand and value models' registries live inside the recommender's, in these folders (not versions). */
export const DEMAND_REGISTRY = 'demand';
export const VALUE_REGISTRY = 'value';

export function modelsRoot(flag?: string): string {
  return flag ?? process.env.WEALTHREC_MODELS ?? DEFAULT_MODELS_ROOT;
}

/** The registry of demand models under the models root. */
export function demandModelsRoot(flag?: string): string {
  return join(modelsRoot(flag), DEMAND_REGISTRY);
}

/** The registry of value models under the models root. */
export function valueModelsRoot(flag?: string): string {
  return join(modelsRoot(flag), VALUE_REGISTRY);
}

export interface RegistryEntry {
  version: string;
  card: ModelCard | null;
  /** Why the card could not be read; the full check happens on promote and load. */
  problem: string | null;
  champion: boolean;
}

/** Every version in the registry, oldest first by training cutoff and creation time. */
export async function listModels(root: string): Promise<RegistryEntry[]> {
  const champion = await readChampion(root);
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true }))
      .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== DEMAND_REGISTRY && d.name !== VALUE_REGISTRY)
      .map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const entries = await Promise.all(
    names.map(async (version): Promise<RegistryEntry> => {
      try {
        const card = modelCardSchema.parse(JSON.parse(await readFile(join(root, version, 'card.json'), 'utf8')));
        return { version, card, problem: null, champion: champion?.version === version };
      } catch (err) {
        return {
          version,
          card: null,
          problem: `card.json unreadable: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
          champion: champion?.version === version,
        };
      }
    }),
  );
  return entries.sort((a, b) => (a.card?.createdAt ?? '').localeCompare(b.card?.createdAt ?? '') || a.version.localeCompare(b.version));
}

export async function readChampion(root: string): Promise<ChampionPointer | null> {
  let text: string;
  try {
    text = await readFile(join(root, CHAMPION_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = championSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ModelDirectoryError(join(root, CHAMPION_FILE), 'not a champion pointer ({version, promotedAt, previous})');
  return parsed.data;
}

/**
 * Makes `version` the champion after loading it completely (hashes, known answer). The pointer is
 * replaced by rename, so a reader sees the old or the new champion, never a torn file. Promoting the
 * champion again changes nothing.
 */
export async function promote(root: string, version: string): Promise<ChampionPointer> {
  const versions = (await listModels(root)).map((e) => e.version);
  if (!versions.includes(version)) {
    throw new UsageError(
      `no model version "${version}" in ${root}${versions.length ? ` (have: ${versions.join(', ')})` : ' (the registry is empty: run wealthrec train)'}`,
    );
  }
  const loaded = await readModelDirectory(join(root, version));
  loaded.scoring.dispose();
  const previous = await readChampion(root);
  if (previous?.version === version) return previous;
  const pointer: ChampionPointer = { version, promotedAt: new Date().toISOString(), previous: previous?.version ?? null };
  const staging = join(root, `.${CHAMPION_FILE}.partial-${process.pid}`);
  await writeFile(staging, `${JSON.stringify(pointer, null, 1)}\n`, { flush: true });
  await rename(staging, join(root, CHAMPION_FILE));
  return pointer;
}

/** The champion, loaded and verified; null when none was promoted yet. */
export async function loadChampion(root: string): Promise<LoadedModel | null> {
  const pointer = await readChampion(root);
  return pointer ? readModelDirectory(join(root, pointer.version)) : null;
}
