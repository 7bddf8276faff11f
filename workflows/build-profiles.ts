/**
 * Profiles with their model tags: loads the demand and value champions (when registered), hands
 * features/ a scorer for each block of customers, and builds the profile table. It composes the
 * features stage with the models' scoring, so it is a workflow rather than part of features/ (which
 * loads no model). What `wealthrec profile build` runs.
 */
import type { Knex } from 'knex';
import { buildProfileTable, type ModelTagScores, type ProfileTableSummary } from '../features/profile/build-profile-table.js';
import type { FeatureColumnMaps } from '../src/wide-table/reader.js';
import type { LoadedModel } from '../src/model-directory/model-directory.js';
import { demandModelsRoot, loadChampion, modelsRoot, valueModelsRoot } from '../src/model-directory/registry.js';
import { withDatabase } from '../src/db/with-database.js';
import { formatDay, type DayNumber } from '../src/domain/dates.js';
import { progressBar } from '../src/progress-bar.js';
import { UsageError } from '../src/errors.js';

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

/** The champion of a registry, checked to be a model of `task`; null when none is registered. */
export async function champion(root: string, task: 'demand' | 'value'): Promise<LoadedModel | null> {
  const model = await loadChampion(root);
  if (model && model.card.task !== task) {
    model.scoring.dispose();
    throw new UsageError(`the champion in ${root} is a ${model.card.task} model, not a ${task} model`);
  }
  return model;
}

export async function buildProfiles(knex: Knex, options: BuildProfilesOptions): Promise<BuiltProfiles> {
  const demand = options.modelsRoot === null ? null : await champion(demandModelsRoot(options.modelsRoot), 'demand');
  const value =
    options.modelsRoot === null
      ? null
      : await champion(valueModelsRoot(options.modelsRoot), 'value').catch((err) => {
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
    const summary = await buildProfileTable(knex, {
      asOf: options.asOf,
      out: options.out,
      format: options.format,
      models,
      scoreBlock,
      demandHorizonDays: demand?.card.target?.horizonDays,
      blockSize: options.blockSize,
      onProgress: options.onProgress,
    });
    return { ...summary, models };
  } finally {
    demand?.scoring.dispose();
    value?.scoring.dispose();
  }
}

export interface ProfileFlags {
  asOf: DayNumber;
  out: string;
  format: 'arrow' | 'csv';
  /** A registry root, true for the default one, or false (--no-models) for empty model tags. */
  models: string | boolean;
  block?: number;
  db?: string;
}

/** Builds the profile table with a progress bar and prints what it holds. */
export async function runBuildProfiles(flags: ProfileFlags): Promise<BuiltProfiles> {
  return withDatabase(
    flags.db,
    async (knex) => {
      const bar = progressBar('profiles');
      const root = flags.models === false ? null : modelsRoot(typeof flags.models === 'string' ? flags.models : undefined);
      const s = await buildProfiles(knex, {
        asOf: flags.asOf,
        out: flags.out,
        format: flags.format,
        modelsRoot: root,
        blockSize: flags.block,
        onProgress: (d, t) => bar.update(d, t, 'customers'),
      }).finally(() => bar.stop());
      console.log(`profiles as of ${formatDay(flags.asOf)} -> ${flags.out}: ${s.customers.toLocaleString('en')} customers in ${s.seconds.toFixed(1)} s`);
      console.log(
        `demand model: ${s.models.demand ?? 'none (demand_score empty)'}; value model: ${s.models.value ?? 'none (predicted value and stage empty)'}`,
      );
      console.log(
        `AUM tiers: ${Object.entries(s.tiers)
          .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
          .join(', ')}`,
      );
      if (Object.keys(s.stages).length > 0)
        console.log(
          `value stages: ${Object.entries(s.stages)
            .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
            .join(', ')}`,
        );
      return s;
    },
    { mustExist: true },
  );
}
