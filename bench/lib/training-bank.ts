/**
 * The synthetic bank the training benchmarks share: generated once (seed 1) into the bench work
 * folder with its oracle, imported into SQLite, and its samples built for every day after the first
 * two months (which only feed history). Reused while the files exist and the features are the same.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDay } from '../../src/domain/dates.js';
import { DEFAULT_END_DATE } from '../../src/synthetic/index.js';
import { FEATURES } from '../../features/feature-set.js';
import { readWideTableHeader } from '../../features/index.js';
import { featureSchemaHash } from '../../training/feature-schema-hash.js';
import { runPhase } from './child-phase.js';

export interface TrainingBank {
  samples: string;
  oracle: string;
  customers: number;
  days: number;
}

export async function ensureTrainingBank(work: string, customers: number, days: number): Promise<TrainingBank> {
  const base = join(resolve(work), `training-${customers}x${days}`);
  const bank = join(resolve(work), `bank-${customers}x${days}-s1`);
  const db = `${base}.db`;
  const samples = `${base}-samples.arrow`;
  mkdirSync(resolve(work), { recursive: true });
  if (!existsSync(join(bank, 'oracle', 'choice.csv'))) {
    console.error(`generating ${customers.toLocaleString('en')} customers x ${days} days …`);
    runPhase(['generate', bank, String(customers), String(days), '1']);
  }
  if (!existsSync(db)) {
    console.error('importing …');
    runPhase(['import', bank, `sqlite:${db}`]);
  }
  // Samples built by an older feature set are rebuilt, so figures always describe the current features.
  if (existsSync(samples) && featureSchemaHash((await readWideTableHeader(samples)).features) !== featureSchemaHash(FEATURES)) rmSync(samples);
  if (!existsSync(samples)) {
    console.error('building the samples …');
    const last = parseDay(DEFAULT_END_DATE)!;
    const first = last - days + 1;
    runPhase(['features', 'samples', `sqlite:${db}`, String(first + 60), String(last), samples]);
  }
  return { samples, oracle: join(bank, 'oracle'), customers, days };
}
