/** Campaigns judged on history, as `wealthrec campaign evaluate` and the demo run them: evaluate, write the report, print the summary. */
import { resolve } from 'node:path';
import type { Knex } from 'knex';
import type { DayNumber } from '../../src/domain/dates.js';
import { withDatabase } from '../../src/db/with-database.js';
import { selectBackend, type BackendName } from '../../src/tf-backend/select-backend.js';
import { listPastCampaigns } from '../../serving/campaign/past-campaigns.js';
import { writeCampaignEvaluation } from './campaign-evaluation-report.js';
import type { CampaignEvaluation } from './campaign-evaluation.js';
import { evaluateCampaignsOnHistory, type CampaignEvaluationOptions } from './evaluate-campaigns-on-history.js';

export interface CampaignsOnHistoryFlags {
  from: DayNumber;
  to: DayNumber;
  horizon: number;
  trainDays: number;
  seed: number;
  out: string;
  db?: string;
  backend: BackendName | 'auto';
}

export async function runCampaignsOnHistory(flags: CampaignsOnHistoryFlags): Promise<CampaignEvaluation> {
  const backend = await selectBackend(flags.backend);
  return withDatabase(
    flags.db,
    (knex) =>
      evaluateAndReportCampaigns(
        knex,
        { from: flags.from, to: flags.to, horizonDays: flags.horizon, trainDays: flags.trainDays, seed: flags.seed, backend },
        flags.out,
      ),
    { mustExist: true },
  );
}

/** Runs the evaluation on history, writes its report into `outDir` and prints the summary. */
export async function evaluateAndReportCampaigns(knex: Knex, options: CampaignEvaluationOptions, outDir: string): Promise<CampaignEvaluation> {
  // The lists exported so far beside it, with their results: the calibration of what was sent.
  const evaluation = { ...(await evaluateCampaignsOnHistory(knex, { ...options, onPhase: (p) => console.log(p) })), pastLists: await listPastCampaigns(knex) };
  const written = await writeCampaignEvaluation(resolve(outDir), evaluation);
  const m = evaluation.mean;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`\n${evaluation.launches.length} launches evaluated (models trained before ${evaluation.cutoff}, horizon ${evaluation.horizonDays} days)`);
  if (m)
    console.log(
      `share of eligible customers messaged to reach 80% of buyers, mean over ${m.launches} launches: model ${pct(m.model)}, same-category rule ${pct(m.sameCategory)}, random ${pct(m.random)}, hindsight ${pct(m.hindsight)} (reference bank: 38%)`,
    );
  console.log(`campaign report: ${written.markdown}`);
  return evaluation;
}
