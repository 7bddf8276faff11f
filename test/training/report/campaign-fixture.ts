/** A plausible campaign evaluation on history for the report tests: four launches, one of them without buyers (every share null), with the mean from the real summariseLaunches. */
import { summariseLaunches, type CampaignEvaluation } from '../../../workflows/campaigns-on-history/campaign-evaluation.js';
import type { LaunchResult } from '../../../workflows/campaigns-on-history/launch-evaluation.js';

function launch(
  productId: string,
  name: string,
  category: string | null,
  launchDay: string,
  eligible: number,
  buyers: number,
  share: LaunchResult['share'],
  modelAuc: number | null,
): LaunchResult {
  return { productId, name, category, launchDay, eligible, buyers, share, modelAuc };
}

export function campaignFixture(): CampaignEvaluation {
  const launches = [
    launch('P0101', '稳健理财 90天', 'fixed_income', '2024-05-06', 2400, 31, { model: 0.312, random: 0.794, sameCategory: 0.455, hindsight: 0.0104 }, 0.781),
    launch(
      'P0102',
      'Equity <growth> & "more"',
      'equity',
      '2024-05-06',
      1800,
      12,
      { model: 0.264, random: 0.833, sameCategory: 0.517, hindsight: 0.0056 },
      0.812,
    ),
    launch('P0103', '现金管理', 'cash', '2024-05-13', 3100, 0, { model: null, random: null, sameCategory: null, hindsight: null }, null),
    launch('P0104', 'Balanced 180', null, '2024-05-20', 2750, 8, { model: 0.402, random: 0.761, sameCategory: 0.611, hindsight: 0.0025 }, 0.704),
  ];
  return {
    horizonDays: 14,
    cutoff: '2024-05-06',
    models: { choice: '2024-05-05-mlp-1a2b3c4d', demand: '2024-05-05-mlp-5e6f7a8b' },
    backend: 'wasm',
    launches,
    minBuyers: 5,
    mean: summariseLaunches(launches, 5),
    seconds: 412.9,
  };
}
