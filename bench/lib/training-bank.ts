/**
 * The synthetic bank the training benchmarks share: generated once (seed 1) into the bench work
 * folder with its oracle, imported into SQLite, and its samples built for every day after the first
 * two months (which only feed history). Reused while the files exist and the features are the same.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDay } from '../../src/domain/dates.js';
import { BOUND_COLUMNS, DEFAULT_END_DATE } from '../../synthetic/index.js';
import { FEATURES } from '../../src/wide-table/feature-set.js';
import { readWideTableHeader } from '../../src/wide-table/index.js';
import { featureSchemaHash } from '../../src/wide-table/feature-schema-hash.js';
import { runPhase } from './child-phase.js';

export interface TrainingBank {
  samples: string;
  oracle: string;
  customers: number;
  days: number;
}

export interface ImportedBank {
  /** The generated CSVs and oracle. */
  dir: string;
  /** The SQLite file it was imported into. */
  db: string;
}

/**
 * Whether the choice oracle exists and has the bound columns. A bank generated before them is
 * generated again: its tables come out the same bytes, so its database stays.
 */
function hasBoundColumns(choiceCsv: string): boolean {
  if (!existsSync(choiceCsv)) return false;
  const fd = openSync(choiceCsv, 'r');
  try {
    const head = Buffer.alloc(200);
    const header = head
      .subarray(0, readSync(fd, head, 0, head.length, 0))
      .toString('utf8')
      .split('\n')[0];
    return BOUND_COLUMNS.every((c) => header.split(',').includes(c));
  } finally {
    closeSync(fd);
  }
}

/** The generated bank (seed 1) imported into SQLite; shared by the training and serving benchmarks. */
export function ensureImportedBank(work: string, customers: number, days: number): ImportedBank {
  const dir = join(resolve(work), `bank-${customers}x${days}-s1`);
  const db = join(resolve(work), `training-${customers}x${days}.db`);
  mkdirSync(resolve(work), { recursive: true });
  if (!hasBoundColumns(join(dir, 'oracle', 'choice.csv'))) {
    console.error(`generating ${customers.toLocaleString('en')} customers x ${days} days …`);
    runPhase(['generate', dir, String(customers), String(days), '1']);
  }
  if (!existsSync(db)) {
    console.error('importing …');
    runPhase(['import', dir, `sqlite:${db}`]);
  }
  return { dir, db };
}

export async function ensureTrainingBank(work: string, customers: number, days: number): Promise<TrainingBank> {
  const { dir: bank, db } = ensureImportedBank(work, customers, days);
  const samples = join(resolve(work), `training-${customers}x${days}-samples.arrow`);
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
