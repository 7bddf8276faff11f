/**
 * The campaign loop over HTTP (scope campaigns:export), for the campaign system and the console:
 *  - POST /v1/campaigns/{auditId}:sent records an exported list as sent (twice records nothing twice);
 *  - GET /v1/campaigns lists every export, newest first, with its send and results so far;
 *  - GET /v1/campaigns/{auditId}/results: actual against expected buyers, per decile and in total,
 *    and the gain curve, once the window has closed (409 `campaign_window_open` before, saying when).
 * Refusals are errors of the campaign loop that the error middleware answers.
 */
import { Router } from 'express';
import { requestedBy, type ApiKeyHolder } from '../api-keys.js';
import { campaignAuditId, campaignResultsQuery, campaignSentBody } from '../api-schemas.js';
import { ROUTE_SCOPES } from '../api-scopes.js';
import type { CampaignLoop } from '../campaign/campaign-loop.js';
import { parseDay } from '../../src/domain/dates.js';
import { InvalidRequestError, NotConfiguredError } from '../errors.js';
import { requireScope } from '../middleware/index.js';
import { validate } from '../validate.js';

export interface CampaignLoopRoutesOptions {
  /** Absent when the server has no database and exports folder for it: the routes answer 503 `not_configured`. */
  loop?: CampaignLoop;
}

export function campaignLoopRoutes(options: CampaignLoopRoutesOptions): Router {
  const router = Router();
  const loopOrRefuse = (): CampaignLoop => {
    if (!options.loop) throw new NotConfiguredError('the campaign loop (sends and results) is not configured on this server');
    return options.loop;
  };

  router.post('/v1/campaigns/:auditId\\:sent', requireScope({ scope: ROUTE_SCOPES.recordCampaignSent }), async (req, res) => {
    const auditId = validate(campaignAuditId, req.params.auditId, 'path.auditId');
    const body = validate(campaignSentBody, req.body ?? {}, 'body');
    const day = body.day === undefined ? undefined : parseDay(body.day);
    if (day === null) throw new InvalidRequestError(`body.day: ${body.day} is not a date`);
    const sent = await loopOrRefuse().recordSent(auditId, day, requestedBy(res.locals.apiKey as ApiKeyHolder));
    req.log.info({ auditId, recorded: sent.recorded, alreadyRecorded: sent.alreadyRecorded, skipped: sent.skipped }, 'campaign recorded as sent');
    res.json({ auditId: sent.auditId, recorded: sent.recorded, alreadyRecorded: sent.alreadyRecorded, day: sent.day });
  });

  router.get('/v1/campaigns', requireScope({ scope: ROUTE_SCOPES.listCampaigns }), async (req, res) => {
    const { window } = validate(campaignResultsQuery, req.query, 'query');
    res.json({ lists: await loopOrRefuse().listPast(window) });
  });

  router.get('/v1/campaigns/:auditId/results', requireScope({ scope: ROUTE_SCOPES.campaignResults }), async (req, res) => {
    const auditId = validate(campaignAuditId, req.params.auditId, 'path.auditId');
    const { window } = validate(campaignResultsQuery, req.query, 'query');
    res.json(await loopOrRefuse().results(auditId, window));
  });
  return router;
}
