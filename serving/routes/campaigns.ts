/**
 * POST /v1/campaigns:export: the list itself as CSV, once it is written and recorded; what was
 * excluded and why in headers. Every refusal (busy, unknown product, nothing to export with) is an
 * error the campaign service throws and the error middleware answers.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { requestedBy, type ApiKeyHolder } from '../api-keys.js';
import { ROUTE_SCOPES } from '../api-scopes.js';
import { campaignRequestSchema } from '../campaign/campaign-request.js';
import type { CampaignService } from '../campaign/campaign-service.js';
import { NotConfiguredError } from '../errors.js';
import { requireScope } from '../middleware/index.js';
import { validate } from '../validate.js';

export interface CampaignRoutesOptions {
  /** Absent when the server has no exports folder: the route answers 503 `not_configured`. */
  campaigns?: CampaignService;
}

export function campaignRoutes(options: CampaignRoutesOptions): Router {
  const router = Router();
  router.post('/v1/campaigns\\:export', requireScope({ scope: ROUTE_SCOPES.exportCampaign }), async (req, res) => {
    const request = validate(campaignRequestSchema, req.body, 'body');
    if (!options.campaigns) throw new NotConfiguredError('campaign export is not configured on this server');
    const result = await options.campaigns.export(request, requestedBy(res.locals.apiKey as ApiKeyHolder));
    req.log.info({ auditId: result.auditId, rows: result.rows, excluded: result.excluded }, 'campaign exported');
    res.setHeader('X-Audit-Id', String(result.auditId));
    res.setHeader('X-Content-Sha256', result.sha256);
    res.setHeader(
      'X-Campaign-Summary',
      JSON.stringify({ asOf: result.asOf, customers: result.customers, candidates: result.candidates, rows: result.rows, excluded: result.excluded }),
    );
    res.type('text/csv; charset=utf-8');
    await pipeline(createReadStream(result.file), res);
  });
  return router;
}
