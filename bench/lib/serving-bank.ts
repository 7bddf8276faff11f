/**
 * What the serving benchmark serves: the shared 100k-customer bank (imported into SQLite), a snapshot
 * of its last day, and a champion trained on its last weeks of samples. A request does no model
 * work (scores are computed at load), so how long the model trained changes nothing measured here;
 * a short window keeps the set-up to a minute. Rebuilt when the features change.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FEATURES } from '../../src/wide-table/feature-set.js';
import { checksumPath } from '../../src/wide-table/checksums.js';
import { readWideTableHeader } from '../../src/wide-table/index.js';
import { parseDay } from '../../src/domain/dates.js';
import { DEFAULT_END_DATE } from '../../synthetic/index.js';
import { selectBackend } from '../../src/tf-backend/select-backend.js';
import { featureSchemaHash } from '../../src/wide-table/feature-schema-hash.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { writeModelDirectory } from '../../src/model-directory/model-directory.js';
import { promote, readChampion } from '../../src/model-directory/registry.js';
import { loadSamples } from '../../training/samples.js';
import { trainForServing } from '../../training/train-for-serving.js';
import { runPhase } from './child-phase.js';
import { ensureImportedBank } from './training-bank.js';

export interface ServingBank {
  db: string;
  snapshot: string;
  /** The labelled samples of the last weeks the champion was trained on. */
  samples: string;
  models: string;
  version: string;
}

const SAMPLE_DAYS = 30;

/** Built by this release: its features, and the checksums serving requires beside it. */
async function builtWithCurrentFeatures(file: string): Promise<boolean> {
  return existsSync(file) && existsSync(checksumPath(file)) && featureSchemaHash((await readWideTableHeader(file)).features) === featureSchemaHash(FEATURES);
}

export async function ensureServingBank(work: string, customers: number, days: number): Promise<ServingBank> {
  const { db } = ensureImportedBank(work, customers, days);
  const base = join(resolve(work), `serving-${customers}x${days}`);
  const snapshot = `${base}-snapshot.arrow`;
  const samples = `${base}-samples-${SAMPLE_DAYS}d.arrow`;
  const models = `${base}-models`;
  const last = parseDay(DEFAULT_END_DATE)!;
  if (!(await builtWithCurrentFeatures(snapshot))) {
    console.error('building the snapshot of the last day …');
    runPhase(['features', 'snapshot', `sqlite:${db}`, String(last), String(last), snapshot]);
  }
  if (!(await builtWithCurrentFeatures(samples))) {
    console.error(`building the samples of the last ${SAMPLE_DAYS} days …`);
    runPhase(['features', 'samples', `sqlite:${db}`, String(last - SAMPLE_DAYS), String(last - 1), samples]);
    rmSync(models, { recursive: true, force: true });
  }
  const champion = existsSync(models) ? await readChampion(models) : null;
  if (champion) return { db, snapshot, samples, models, version: champion.version };

  console.error('training the champion …');
  mkdirSync(models, { recursive: true });
  const backend = await selectBackend('auto');
  const contents = await trainForServing(await loadSamples(samples), {
    architecture: 'mlp',
    seed: 1,
    fit: { ...DEFAULT_FIT_OPTIONS, batchSize: 2048 },
    validationDays: 3,
    backend,
    samplesFile: samples,
  });
  await writeModelDirectory(join(models, contents.card.version), contents);
  contents.scoring.dispose();
  await promote(models, contents.card.version);
  return { db, snapshot, samples, models, version: contents.card.version };
}
