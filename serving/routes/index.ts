/** The API's routes, one module per group, each a function of its options returning a Router with full paths. */
export { batchRoutes, type BatchRoutesOptions } from './batch.js';
export { campaignLoopRoutes, type CampaignLoopRoutesOptions } from './campaign-loop.js';
export { campaignPreviewRoutes, type CampaignPreviewRoutesOptions } from './campaign-preview.js';
export { campaignRoutes, type CampaignRoutesOptions } from './campaigns.js';
export { customerErasureRoutes, type CustomerErasureRoutesOptions } from './customer-erasure.js';
export { modelsRoutes, type ModelsRoutesOptions } from './models.js';
export { operationsRoutes, type OperationsRoutesOptions } from './operations.js';
export { profileRoutes, type ProfileRoutesOptions } from './profile.js';
export { recommendationsRoutes, type RecommendationsRoutesOptions } from './recommendations.js';
