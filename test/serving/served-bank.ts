/**
 * A small generated bank made ready to serve, as an operator would: imported into a SQLite file,
 * samples and a snapshot of the last day built, a model trained on the samples and promoted to
 * champion in a registry folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { buildCustomerDayTable, buildWideTable } from '../../features/index.js';
import { migrateToLatest, openDatabase } from '../../src/db/index.js';
import { parseDay, type DayNumber } from '../../src/domain/dates.js';
import { importBank } from '../../import/index.js';
import { generateBank } from '../../synthetic/index.js';
import { selectBackend } from '../../src/tf-backend/select-backend.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { writeModelDirectory } from '../../src/model-directory/model-directory.js';
import { demandModelsRoot, promote } from '../../src/model-directory/registry.js';
import { trainCustomerDayModel } from '../../training/customer-day/train-customer-day-model.js';
import { demandTargetOf } from '../../training/demand/demand-target.js';
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

/** `dbUrl`: a database to import into (a MariaDB test database); a SQLite file in the folder by default. */
export async function prepareServedBank(o: { customers: number; days: number; seed: number; dbUrl?: string }): Promise<ServedBank> {
  const dir = mkdtempSync(join(tmpdir(), 'wealthrec-served-'));
  await selectBackend('wasm');
  const { dbUrl: given, ...generation } = o;
  const summary = await generateBank({ ...generation, outDir: join(dir, 'bank') });
  const dbUrl = given ?? `sqlite:${join(dir, 'bank.db')}`;
  const asOf = parseDay(summary.lastDay)!;
  const { knex } = openDatabase(dbUrl);
  try {
    await migrateToLatest(knex);
    expect((await importBank(knex, { dir: join(dir, 'bank') })).status).toBe('committed');
    await buildWideTable(knex, { kind: 'samples', fromDay: asOf - o.days + 40, toDay: asOf - 1, out: join(dir, 'samples.arrow'), format: 'arrow' });
    // Built for the 7-day horizon of the demand champion addDemandChampion trains.
    await buildWideTable(knex, { kind: 'snapshot', fromDay: asOf, toDay: asOf, out: join(dir, 'snapshot.arrow'), format: 'arrow', horizonDays: 7 });
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

/** Trains a demand model on weekly customer-days before the bank's last day and promotes it: campaign exports then run. */
export async function addDemandChampion(bank: Pick<ServedBank, 'dir' | 'models' | 'dbUrl' | 'asOf'>): Promise<string> {
  const { knex } = openDatabase(bank.dbUrl);
  try {
    await buildCustomerDayTable(knex, {
      asOfDays: Array.from({ length: 6 }, (_, k) => bank.asOf - 7 * (7 - k)),
      horizonDays: 7,
      category: null,
      out: join(bank.dir, 'demand.arrow'),
      format: 'arrow',
    });
  } finally {
    await knex.destroy();
  }
  const samples = await loadSamples(join(bank.dir, 'demand.arrow'), 'demand');
  const demand = await trainCustomerDayModel(samples, {
    model: { task: 'demand', architecture: 'mlp', target: demandTargetOf(samples, 'demand.arrow') },
    seed: 3,
    fit: { ...DEFAULT_FIT_OPTIONS, maxEpochs: 2 },
    backend: await selectBackend('wasm'),
    samplesFile: 'demand.arrow',
  });
  await writeModelDirectory(join(demandModelsRoot(bank.models), demand.card.version), demand);
  demand.scoring.dispose();
  await promote(demandModelsRoot(bank.models), demand.card.version);
  return demand.card.version;
}
