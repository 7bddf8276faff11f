/** The two champions a campaign needs: the recommender and the demand model, verified as any load is. */
import { demandModelsRoot, loadChampion, modelsRoot } from '../../src/model-directory/registry.js';
import { UsageError } from '../../src/errors.js';
import type { CampaignModels } from './export-campaign.js';

export async function loadCampaignModels(modelsFlag?: string): Promise<CampaignModels> {
  const choice = await loadChampion(modelsRoot(modelsFlag));
  if (!choice) throw new UsageError(`no champion in ${modelsRoot(modelsFlag)}: run wealthrec train --promote`);
  const demand = await loadChampion(demandModelsRoot(modelsFlag)).catch((err) => {
    choice.scoring.dispose();
    throw err;
  });
  if (!demand) {
    choice.scoring.dispose();
    throw new UsageError(`no demand champion in ${demandModelsRoot(modelsFlag)}: run wealthrec demand train --promote`);
  }
  return { choice, demand };
}
