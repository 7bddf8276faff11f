/**
 * Profiles with their model tags: loads the demand and value champions (when registered), hands
 * features/ a scorer for each block of customers, and builds the profile table. The CLI wires the
 * stages, so this lives here rather than in features/ (which loads no model).
 */
import type { Knex } from 'knex';
import { buildProfileTable, type ModelTagScores, type ProfileTableSummary } from '../../features/profile/build-profile-table.js';
import type { FeatureColumnMaps } from '../../features/wide-table-reader.js';
import type { LoadedModel } from '../../training/model-directory.js';
import { demandModelsRoot, loadChampion, valueModelsRoot } from '../../training/registry.js';
import type { DayNumber } from '../domain/dates.js';
import { UsageError } from '../errors.js';

export interface BuildProfilesOptions {
  asOf: DayNumber;
  out: string;
  format: 'arrow' | 'csv';
  /** Registry root whose demand/ and value/ champions fill the model tags; null: build without models. */
  modelsRoot: string | null;
  blockSize?: number;
  onProgress?: (customersDone: number, customersTotal: number) => void;
}

export interface BuiltProfiles extends ProfileTableSummary {
  models: { demand: string | null; value: string | null };
}

async function champion(root: string, task: 'demand' | 'value'): Promise<LoadedModel | null> {
  const model = await loadChampion(root);
  if (model && model.card.task !== task) {
    model.scoring.dispose();
    throw new UsageError(`the champion in ${root} is a ${model.card.task} model, not a ${task} model`);
  }
  return model;
}

export async function buildProfiles(knex: Knex, o: BuildProfilesOptions): Promise<BuiltProfiles> {
  const demand = o.modelsRoot === null ? null : await champion(demandModelsRoot(o.modelsRoot), 'demand');
  const value = o.modelsRoot === null ? null : await champion(valueModelsRoot(o.modelsRoot), 'value').catch((err) => {
    demand?.scoring.dispose();
    throw err;
  });
  const models = { demand: demand?.card.version ?? null, value: value?.card.version ?? null };
  const scoreBlock = (features: FeatureColumnMaps, customers: number): ModelTagScores => {
    const rows = Array.from({ length: customers }, (_, i) => i);
    return {
      demandScore: demand?.scoring.score(features, rows),
      valuePredictedLog: value?.scoring.score(features, rows),
      valueHorizonDays: value?.card.target?.horizonDays,
    };
  };
  try {
    const summary = await buildProfileTable(knex, { asOf: o.asOf, out: o.out, format: o.format, models, scoreBlock, blockSize: o.blockSize, onProgress: o.onProgress });
    return { ...summary, models };
  } finally {
    demand?.scoring.dispose();
    value?.scoring.dispose();
  }
}
