/** What the campaign evaluation on history found: each launch, and the mean shares over the launches with enough buyers. */
import type { PastCampaign } from '../../serving/campaign/past-campaigns.js';
import type { LaunchResult } from './launch-evaluation.js';

export interface CampaignEvaluation {
  horizonDays: number;
  /** Models trained on data before this day; launches from it on are evaluated. */
  cutoff: string;
  models: { choice: string; demand: string };
  backend: string;
  launches: LaunchResult[];
  /** Mean share over launches with at least `minBuyers` buyers. */
  minBuyers: number;
  mean: { model: number; random: number; sameCategory: number; hindsight: number; launches: number } | null;
  seconds: number;
  /** The lists exported so far, with their sends and results (absent: not read). */
  pastLists?: PastCampaign[];
}

export function summariseLaunches(launches: LaunchResult[], minBuyers: number): CampaignEvaluation['mean'] {
  const counted = launches.filter((l) => l.buyers >= minBuyers);
  if (counted.length === 0) return null;
  const mean = (k: keyof LaunchResult['share']) => counted.reduce((s, l) => s + (l.share[k] ?? 0), 0) / counted.length;
  return { model: mean('model'), random: mean('random'), sameCategory: mean('sameCategory'), hindsight: mean('hindsight'), launches: counted.length };
}
