/**
 * What the marketing console reads before it exports: POST /v1/campaigns:preview (a list's curve of
 * expected buyers and its exclusions by reason, nothing written or recorded) and GET
 * /v1/products?onSale=today (the products it may pick). Both need the export scope: they describe
 * the lists that scope exports, and only counts and sums leave the server, never a customer.
 */
import { Router } from 'express';
import { requestedBy, type ApiKeyHolder } from '../api-keys.js';
import { productsQuery } from '../api-schemas.js';
import { ROUTE_SCOPES } from '../api-scopes.js';
import { campaignAudienceSchema } from '../campaign/campaign-request.js';
import type { CampaignService } from '../campaign/campaign-service.js';
import { NotConfiguredError } from '../errors.js';
import { requireScope } from '../middleware/index.js';
import { validate } from '../validate.js';

export interface CampaignPreviewRoutesOptions {
  /** Absent when the server has no exports folder: the routes answer 503 `not_configured`, as the export does. */
  campaigns?: CampaignService;
}

export function campaignPreviewRoutes(options: CampaignPreviewRoutesOptions): Router {
  const router = Router();
  router.post('/v1/campaigns\\:preview', requireScope({ scope: ROUTE_SCOPES.previewCampaign }), async (req, res) => {
    const audience = validate(campaignAudienceSchema, req.body, 'body');
    if (!options.campaigns) throw new NotConfiguredError('campaign export is not configured on this server');
    res.json(await options.campaigns.preview(audience, requestedBy(res.locals.apiKey as ApiKeyHolder)));
  });
  router.get('/v1/products', requireScope({ scope: ROUTE_SCOPES.listProductsOnSale }), async (req, res) => {
    validate(productsQuery, req.query, 'query');
    if (!options.campaigns) throw new NotConfiguredError('campaign export is not configured on this server');
    res.json(await options.campaigns.productsOnSale());
  });
  return router;
}
