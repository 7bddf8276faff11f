/**
 * The campaign evaluation on history, end to end: train the recommender and the demand model on data
 * before `from` only, then for each launch day in [from, to] build that day's snapshot and evaluate
 * every product launched on it. Launches whose horizon runs past the data are left out (their buyers
 * are not all known yet).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { asOfDaysEvery, buildCustomerDayTable, buildWideTable } from '../../features/index.js';
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import { UsageError } from '../../src/errors.js';
import type { BackendChoice } from '../../src/tf-backend/select-backend.js';
import { demandTargetOf } from '../../training/demand/demand-target.js';
import { trainCustomerDayModel } from '../../training/customer-day/train-customer-day-model.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import type { LoadedModel, ModelContents } from '../../src/model-directory/model-directory.js';
import { loadSamples } from '../../training/samples.js';
import { trainForServing } from '../../training/train-for-serving.js';
import { summariseLaunches, type CampaignEvaluation } from './campaign-evaluation.js';
import type { CampaignModels } from '../../serving/campaign/export-campaign.js';
import { evaluateLaunch, type LaunchResult } from './launch-evaluation.js';

export interface CampaignEvaluationOptions {
  from: DayNumber;
  to: DayNumber;
  horizonDays: number;
  /** Days of history before `from` the models train on. */
  trainDays: number;
  seed: number;
  backend: BackendChoice;
  minBuyers?: number;
  onPhase?: (phase: string) => void;
}

const inMemory = (c: ModelContents): LoadedModel => ({
  directory: '(trained for this evaluation)',
  card: c.card,
  features: c.features,
  scoring: c.scoring,
  metrics: null,
});

export async function evaluateCampaignsOnHistory(knex: Knex, options: CampaignEvaluationOptions): Promise<CampaignEvaluation> {
  const started = performance.now();
  const dataEnd = (await knex('purchases').max({ d: 'purchase_day' }))[0]?.d as number | null;
  if (dataEnd == null) throw new UsageError('the database has no purchases');
  const launches = (await knex('products')
    .select('product_id', 'name', 'category', 'sale_start_day')
    .whereBetween('sale_start_day', [options.from, Math.min(options.to, dataEnd - options.horizonDays + 1)])
    .orderBy(['sale_start_day', 'product_id'])) as Array<{ product_id: string; name: string; category: string | null; sale_start_day: number }>;
  if (launches.length === 0)
    throw new UsageError(
      `no product was launched between ${formatDay(options.from)} and ${formatDay(Math.min(options.to, dataEnd - options.horizonDays + 1))} (launches need ${options.horizonDays} days of data after them)`,
    );
  const work = await mkdtemp(join(tmpdir(), 'wealthrec-campaign-eval-'));
  let choice: ModelContents | null = null;
  let demand: ModelContents | null = null;
  try {
    options.onPhase?.(`training the recommender on occasions ${formatDay(options.from - options.trainDays)}..${formatDay(options.from - 1)}`);
    const fit = { ...DEFAULT_FIT_OPTIONS };
    await buildWideTable(knex, {
      kind: 'samples',
      fromDay: options.from - options.trainDays,
      toDay: options.from - 1,
      out: join(work, 'samples.arrow'),
      format: 'arrow',
    });
    choice = await trainForServing(await loadSamples(join(work, 'samples.arrow')), {
      architecture: 'mlp',
      seed: options.seed,
      fit,
      validationDays: 3,
      backend: options.backend,
      samplesFile: 'samples.arrow',
    });
    options.onPhase?.('training the demand model on weekly as-of days before the cutoff');
    // Weekly, the last one's labels ending the day before the cutoff.
    const asOfDays = asOfDaysEvery(options.from - options.trainDays, options.from - options.horizonDays, 7);
    await buildCustomerDayTable(knex, { asOfDays, horizonDays: options.horizonDays, category: null, out: join(work, 'demand.arrow'), format: 'arrow' });
    const demandSamples = await loadSamples(join(work, 'demand.arrow'), 'demand');
    demand = await trainCustomerDayModel(demandSamples, {
      model: { task: 'demand', architecture: 'mlp', target: demandTargetOf(demandSamples, 'demand.arrow') },
      seed: options.seed,
      fit,
      backend: options.backend,
      samplesFile: 'demand.arrow',
    });
    const models: CampaignModels = { choice: inMemory(choice), demand: inMemory(demand) };

    const results: LaunchResult[] = [];
    const days = [...new Set(launches.map((l) => l.sale_start_day))];
    for (const [k, day] of days.entries()) {
      options.onPhase?.(`launch day ${formatDay(day)} (${k + 1}/${days.length}): snapshot and scores`);
      const snapshot = join(work, `snapshot-${day}.arrow`);
      await buildWideTable(knex, { kind: 'snapshot', fromDay: day, toDay: day, out: snapshot, format: 'arrow', horizonDays: options.horizonDays });
      for (const l of launches.filter((x) => x.sale_start_day === day)) {
        results.push(
          await evaluateLaunch(
            knex,
            snapshot,
            { id: l.product_id, name: l.name, category: l.category, launchDay: day },
            options.horizonDays,
            models,
            options.seed,
          ),
        );
      }
      await rm(snapshot, { force: true });
    }
    const minBuyers = options.minBuyers ?? 5;
    return {
      horizonDays: options.horizonDays,
      cutoff: formatDay(options.from),
      models: { choice: choice.card.version, demand: demand.card.version },
      backend: options.backend.name,
      launches: results,
      minBuyers,
      mean: summariseLaunches(results, minBuyers),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    choice?.scoring.dispose();
    demand?.scoring.dispose();
    await rm(work, { recursive: true, force: true });
  }
}
