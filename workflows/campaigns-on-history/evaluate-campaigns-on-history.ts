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
import { asOfDaysEvery, buildDemandTable, buildWideTable } from '../../features/index.js';
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import { UsageError } from '../../src/errors.js';
import type { BackendChoice } from '../../src/tf-backend/select-backend.js';
import { demandTargetOf } from '../../training/demand/demand-data.js';
import { trainDemandModel } from '../../training/demand/train-demand-model.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import type { LoadedModel, ModelContents } from '../../src/model-directory/model-directory.js';
import { loadSamples } from '../../training/samples.js';
import { trainForServing } from '../../training/train-for-serving.js';
import { summariseLaunches, type CampaignEvaluation } from './campaign-evaluation-report.js';
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

const inMemory = (c: ModelContents): LoadedModel => ({ directory: '(trained for this evaluation)', card: c.card, features: c.features, scoring: c.scoring, metrics: null });

export async function evaluateCampaignsOnHistory(knex: Knex, o: CampaignEvaluationOptions): Promise<CampaignEvaluation> {
  const started = performance.now();
  const dataEnd = (await knex('purchases').max({ d: 'purchase_day' }))[0]?.d as number | null;
  if (dataEnd == null) throw new UsageError('the database has no purchases');
  const launches = (await knex('products').select('product_id', 'name', 'category', 'sale_start_day').whereBetween('sale_start_day', [o.from, Math.min(o.to, dataEnd - o.horizonDays + 1)]).orderBy(['sale_start_day', 'product_id'])) as Array<{ product_id: string; name: string; category: string | null; sale_start_day: number }>;
  if (launches.length === 0) throw new UsageError(`no product was launched between ${formatDay(o.from)} and ${formatDay(Math.min(o.to, dataEnd - o.horizonDays + 1))} (launches need ${o.horizonDays} days of data after them)`);
  const work = await mkdtemp(join(tmpdir(), 'wealthrec-campaign-eval-'));
  let choice: ModelContents | null = null;
  let demand: ModelContents | null = null;
  try {
    o.onPhase?.(`training the recommender on occasions ${formatDay(o.from - o.trainDays)}..${formatDay(o.from - 1)}`);
    const fit = { ...DEFAULT_FIT_OPTIONS };
    await buildWideTable(knex, { kind: 'samples', fromDay: o.from - o.trainDays, toDay: o.from - 1, out: join(work, 'samples.arrow'), format: 'arrow' });
    choice = await trainForServing(await loadSamples(join(work, 'samples.arrow')), { architecture: 'mlp', seed: o.seed, fit, validationDays: 3, backend: o.backend, samplesFile: 'samples.arrow' });
    o.onPhase?.('training the demand model on weekly as-of days before the cutoff');
    // Weekly, the last one's labels ending the day before the cutoff.
    const asOfDays = asOfDaysEvery(o.from - o.trainDays, o.from - o.horizonDays, 7);
    await buildDemandTable(knex, { asOfDays, horizonDays: o.horizonDays, category: null, out: join(work, 'demand.arrow'), format: 'arrow' });
    const demandSamples = await loadSamples(join(work, 'demand.arrow'), 'demand');
    demand = await trainDemandModel(demandSamples, { architecture: 'mlp', seed: o.seed, fit, backend: o.backend, samplesFile: 'demand.arrow', target: demandTargetOf(demandSamples, 'demand.arrow') });
    const models: CampaignModels = { choice: inMemory(choice), demand: inMemory(demand) };

    const results: LaunchResult[] = [];
    const days = [...new Set(launches.map((l) => l.sale_start_day))];
    for (const [k, day] of days.entries()) {
      o.onPhase?.(`launch day ${formatDay(day)} (${k + 1}/${days.length}): snapshot and scores`);
      const snapshot = join(work, `snapshot-${day}.arrow`);
      await buildWideTable(knex, { kind: 'snapshot', fromDay: day, toDay: day, out: snapshot, format: 'arrow' });
      for (const l of launches.filter((x) => x.sale_start_day === day)) {
        results.push(await evaluateLaunch(knex, snapshot, { id: l.product_id, name: l.name, category: l.category, launchDay: day }, o.horizonDays, models, o.seed));
      }
      await rm(snapshot, { force: true });
    }
    const minBuyers = o.minBuyers ?? 5;
    return {
      horizonDays: o.horizonDays,
      cutoff: formatDay(o.from),
      models: { choice: choice.card.version, demand: demand.card.version },
      backend: o.backend.name,
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
