/**
 * A small generated bank made ready to serve, as an operator would: imported into a SQLite file,
 * samples and a snapshot of the last day built, a model trained on the samples and promoted to
 * champion in a registry folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { buildWideTable } from '../../features/index.js';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { parseDay, type DayNumber } from '../../src/domain/dates.js';
import { importBank } from '../../import/index.js';
import { generateBank } from '../../synthetic/index.js';
import { selectBackend } from '../../src/tf-backend/select-backend.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { writeModelDirectory } from '../../src/model-directory/model-directory.js';
import { promote } from '../../src/model-directory/registry.js';
import { loadSamples } from '../../training/samples.js';
import { trainForServing } from '../../training/train-for-serving.js';

export interface ServedBank {
  /** Temporary folder holding everything; the caller removes it. */
  dir: string;
  dbUrl: string;
  snapshot: string;
  models: string;
  version: string;
  asOf: DayNumber;
}

export async function prepareServedBank(o: { customers: number; days: number; seed: number }): Promise<ServedBank> {
  const dir = mkdtempSync(join(tmpdir(), 'wealthrec-served-'));
  await selectBackend('wasm');
  const summary = await generateBank({ ...o, outDir: join(dir, 'bank') });
  const dbUrl = `sqlite:${join(dir, 'bank.db')}`;
  const asOf = parseDay(summary.lastDay)!;
  const { knex } = openDatabase(dbUrl);
  try {
    await migrateToLatest(knex);
    expect((await importBank(knex, { dir: join(dir, 'bank') })).status).toBe('committed');
    await buildWideTable(knex, { kind: 'samples', fromDay: asOf - o.days + 40, toDay: asOf - 1, out: join(dir, 'samples.arrow'), format: 'arrow' });
    await buildWideTable(knex, { kind: 'snapshot', fromDay: asOf, toDay: asOf, out: join(dir, 'snapshot.arrow'), format: 'arrow' });
  } finally {
    await knex.destroy();
  }
  const models = join(dir, 'models');
  const version = await addModelVersion({ dir, models }, 1);
  await promote(models, version);
  return { dir, dbUrl, snapshot: join(dir, 'snapshot.arrow'), models, version, asOf };
}

/** Trains a model on the bank's samples (a different seed gives a different version) and writes it to the registry, unpromoted. */
export async function addModelVersion(bank: Pick<ServedBank, 'dir' | 'models'>, seed: number): Promise<string> {
  const backend = await selectBackend('wasm');
  const contents = await trainForServing(await loadSamples(join(bank.dir, 'samples.arrow')), {
    architecture: 'mlp',
    seed,
    fit: { ...DEFAULT_FIT_OPTIONS, maxEpochs: 2 },
    validationDays: 3,
    backend,
    samplesFile: 'samples.arrow',
  });
  await writeModelDirectory(join(bank.models, contents.card.version), contents);
  contents.scoring.dispose();
  return contents.card.version;
}
