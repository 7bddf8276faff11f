/** /openapi.json: the OpenAPI 3.1 document, generated from the zod schemas the server validates with. */
import { z } from 'zod';
import { API_SCOPES, ROUTE_SCOPES } from './api-scopes.js';
import { campaignAudienceSchema, campaignRequestSchema } from './campaign/campaign-request.js';
import {
  apiError,
  batchBody,
  batchResult,
  campaignAuditId,
  campaignPreview,
  campaignResults,
  campaignResultsQuery,
  campaignSent,
  campaignSentBody,
  customerId,
  customerProfile,
  erasure,
  modelInfo,
  pastCampaigns,
  productsOnSale,
  productsQuery,
  readiness,
  recommendationQuery,
  recommendations,
} from './api-schemas.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
const error = (description: string) => ({ description, ...json('Error') });

/** The contract's version: the /v1 paths change only compatibly, and a breaking change gets /v2. */
const API_VERSION = '1.0.0';

/** An operation that needs a key holding its scope (api-scopes.ts): the scope is the security requirement's role. */
const secured = (operationId: keyof typeof ROUTE_SCOPES) => ({ operationId, security: [{ apiKey: [ROUTE_SCOPES[operationId]] }] });
/** An operation the balancer and Prometheus call without a key. */
const open = { security: [] };

export function openApiDocument(): JsonSchema {
  const common = {
    '401': error('no valid X-API-Key'),
    '403': error('the key does not hold the scope this operation needs (forbidden)'),
    '429': error('rate limit exceeded (see Retry-After); only when the server sets a per-key limit'),
    '503': error('no model loaded yet'),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'wealthrec recommendation API',
      version: API_VERSION,
      description: 'Top-N wealth-management products for a customer, from the champion model over the latest feature snapshot.',
      license: { name: 'Proprietary: for the bank’s internal use', identifier: 'LicenseRef-Proprietary' },
    },
    // Relative: the server that answers /openapi.json answers the API too, behind whatever address the balancer gives it.
    servers: [{ url: '/', description: 'this server' }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description: `A key from wealthrec keys create. Each key holds scopes (${API_SCOPES.join(', ')}); each operation lists the one it needs, and a key without it gets 403 forbidden.`,
        },
      },
      schemas: {
        Recommendations: jsonSchema(recommendations, 'output'),
        BatchRequest: jsonSchema(batchBody, 'input'),
        BatchResult: jsonSchema(batchResult, 'output'),
        ModelInfo: jsonSchema(modelInfo, 'output'),
        Readiness: jsonSchema(readiness, 'output'),
        Error: jsonSchema(apiError, 'output'),
        CampaignRequest: jsonSchema(campaignRequestSchema, 'input'),
        CampaignPreviewRequest: jsonSchema(campaignAudienceSchema, 'input'),
        CampaignPreview: jsonSchema(campaignPreview, 'output'),
        ProductsOnSale: jsonSchema(productsOnSale, 'output'),
        CustomerProfile: jsonSchema(customerProfile, 'output'),
        Erasure: jsonSchema(erasure, 'output'),
        CampaignSentRequest: jsonSchema(campaignSentBody, 'input'),
        CampaignSent: jsonSchema(campaignSent, 'output'),
        CampaignResults: jsonSchema(campaignResults, 'output'),
        PastCampaigns: jsonSchema(pastCampaigns, 'output'),
      },
    },
    paths: {
      '/v1/customers/{customerId}/recommendations': {
        get: {
          ...secured('getRecommendations'),
          summary: 'a customer’s top-N products, best first, among those on sale that the customer may buy',
          parameters: [
            { name: 'customerId', in: 'path', required: true, schema: jsonSchema(customerId, 'input') },
            ...Object.entries(recommendationQuery.shape).map(([name, schema]) => ({ name, in: 'query', required: false, schema: jsonSchema(schema, 'input') })),
          ],
          responses: {
            '200': { description: 'the ranked products', ...json('Recommendations') },
            '400': error('a malformed id or query parameter'),
            '404': error('unknown customer'),
            ...common,
          },
        },
      },
      '/v1/customers/{customerId}': {
        delete: {
          ...secured('eraseCustomer'),
          summary:
            'erase a customer (PIPL art. 47, GDPR art. 17): every bank row of theirs deleted in one transaction, the erasure recorded under their pseudonym (never the id), the kept campaign lists pseudonymised, the served answers dropped at once; erasing again changes nothing',
          parameters: [{ name: 'customerId', in: 'path', required: true, schema: jsonSchema(customerId, 'input') }],
          responses: {
            '200': { description: 'the erasure, or the earlier one (erasedNow false)', ...json('Erasure') },
            '400': error('a malformed id'),
            '404': error('no customer with this id, now or erased before (unknown_customer)'),
            ...common,
            '503': error('erasure is not configured on this server'),
          },
        },
      },
      '/v1/customers/{customerId}/profile': {
        get: {
          ...secured('getCustomerProfile'),
          summary:
            'a customer’s profile (用户画像): basic, level, preference, transaction (RFM), churn and credit tags, potential demand and value, as of the profile table’s day; with serve --segments, the customer’s segment and how old the segmentation is',
          parameters: [{ name: 'customerId', in: 'path', required: true, schema: jsonSchema(customerId, 'input') }],
          responses: {
            '200': { description: 'the profile', ...json('CustomerProfile') },
            '400': error('a malformed id, or a query parameter (the route takes none)'),
            '404': error('no profile for this customer'),
            ...common,
            '503': error('no profile table loaded (serve --profiles)'),
          },
        },
      },
      '/v1/recommendations:batch': {
        post: {
          ...secured('batchRecommendations'),
          summary: 'recommendations for up to 1,000 customers in one call',
          requestBody: { required: true, ...json('BatchRequest') },
          responses: {
            '200': { description: 'one result per known customer, and the unknown ids', ...json('BatchResult') },
            '400': error('malformed body'),
            '413': error('body over 256 kB'),
            ...common,
          },
        },
      },
      '/v1/campaigns:export': {
        post: {
          ...secured('exportCampaign'),
          summary:
            'the target list of a product for a channel, as CSV (customer_id, rank, score, decile): every customer allowed to buy it, not opted out, not contacted within capDays, ranked by the probability of buying it within the demand horizon',
          requestBody: { required: true, ...json('CampaignRequest') },
          responses: {
            '200': {
              description:
                'the list; X-Audit-Id names its audit_log record, X-Content-Sha256 the hash of the body, X-Campaign-Summary (JSON) the counts excluded by reason',
              content: { 'text/csv': { schema: { type: 'string' } } },
            },
            '400': error('malformed request, or the product is not on sale on the snapshot day'),
            '404': error('unknown product'),
            '409': error('another export of this API key is running (another key is not held up)'),
            ...common,
            '503': error(
              'no model loaded yet (not_ready), or the loaded set cannot export (campaign_unavailable: no demand champion, one that failed to load, a snapshot changed since it was loaded; the message says what to run)',
            ),
          },
        },
      },
      '/v1/campaigns:preview': {
        post: {
          ...secured('previewCampaign'),
          summary:
            'what a list of the product for the channel would be, without writing or recording it: the candidates, the customers left out by reason, and the expected buyers against the list’s length with the 80% point (the list an export with coverage 0.8 writes); counts and sums only, no customer. The marketing console (GET /console) draws it',
          requestBody: { required: true, ...json('CampaignPreviewRequest') },
          responses: {
            '200': { description: 'the preview', ...json('CampaignPreview') },
            '400': error('malformed request, or the product is not on sale'),
            '404': error('unknown product'),
            '409': error('an export or preview of this API key is running (another key is not held up)'),
            ...common,
            '503': error('no model loaded yet (not_ready), the loaded set cannot export (campaign_unavailable), or no exports folder (not_configured)'),
          },
        },
      },
      '/v1/products': {
        get: {
          ...secured('listProductsOnSale'),
          summary: 'the products on sale on the bank day the server answers for, as the campaign console’s picker lists them',
          parameters: Object.entries(productsQuery.shape).map(([name, schema]) => ({ name, in: 'query', required: true, schema: jsonSchema(schema, 'input') })),
          responses: {
            '200': { description: 'the products on sale', ...json('ProductsOnSale') },
            '400': error('onSale missing or not "today"'),
            ...common,
            '503': error('no model loaded yet (not_ready), the loaded set cannot export (campaign_unavailable), or no exports folder (not_configured)'),
          },
        },
      },
      '/v1/campaigns': {
        get: {
          ...secured('listCampaigns'),
          summary:
            'every exported list, newest first: its product, channel, day, rows and expected buyers, whether and when it was sent, and once its window has closed how many of its customers bought (no customer id)',
          parameters: [{ name: 'window', in: 'query', required: false, schema: jsonSchema(campaignResultsQuery.shape.window, 'input') }],
          responses: {
            '200': { description: 'the lists', ...json('PastCampaigns') },
            '400': error('a malformed window'),
            ...common,
            '503': error('the campaign loop is not configured on this server (not_configured)'),
          },
        },
      },
      '/v1/campaigns/{auditId}:sent': {
        post: {
          ...secured('recordCampaignSent'),
          summary:
            'record an exported list (its file in the exports folder, checked against the hash its export recorded) as sent: a contact per message, which the frequency cap and the contact features then see, in one transaction, audited; recording it again records nothing and answers alreadyRecorded with the first day',
          parameters: [{ name: 'auditId', in: 'path', required: true, schema: jsonSchema(campaignAuditId, 'input') }],
          requestBody: { required: false, ...json('CampaignSentRequest') },
          responses: {
            '200': { description: 'what was recorded, or that it had been before', ...json('CampaignSent') },
            '400': error('a malformed id or body, or a day before the list’s asOf or after today'),
            '404': error('no list was exported with this id (unknown_campaign)'),
            '409': error('the list’s file is no longer kept or is not the bytes its export recorded (campaign_list_unavailable)'),
            ...common,
            '503': error('the campaign loop is not configured on this server (not_configured)'),
          },
        },
      },
      '/v1/campaigns/{auditId}/results': {
        get: {
          ...secured('campaignResults'),
          summary:
            'a sent list’s calibration once its window has closed: customers who bought its product within the window against the buyers its scores expected, per tenth of the list and in total, and its gain curve (every 5%); read from the list as sent, so later opt-outs change nothing',
          parameters: [
            { name: 'auditId', in: 'path', required: true, schema: jsonSchema(campaignAuditId, 'input') },
            { name: 'window', in: 'query', required: false, schema: jsonSchema(campaignResultsQuery.shape.window, 'input') },
          ],
          responses: {
            '200': { description: 'the results', ...json('CampaignResults') },
            '400': error('a malformed id or window'),
            '404': error('no list was exported with this id (unknown_campaign)'),
            '409': error(
              'the list was never recorded as sent (campaign_not_sent), or its window has not closed yet (campaign_window_open: the message gives the day it can be read)',
            ),
            ...common,
            '503': error('the campaign loop is not configured on this server (not_configured)'),
          },
        },
      },
      '/v1/models': {
        get: {
          ...secured('getModel'),
          summary: 'the serving model and snapshot',
          responses: { '200': { description: 'the serving model', ...json('ModelInfo') }, ...common },
        },
      },
      '/healthz': {
        get: {
          ...open,
          operationId: 'liveness',
          summary: 'liveness: the process answers (independent of the model)',
          responses: { '200': { description: 'alive' } },
        },
      },
      '/readyz': {
        get: {
          ...open,
          operationId: 'readiness',
          summary: 'readiness: model loaded, snapshot fresh, database reachable, not shutting down',
          responses: { '200': { description: 'ready', ...json('Readiness') }, '503': { description: 'not ready, with reasons', ...json('Readiness') } },
        },
      },
      '/metrics': {
        get: {
          ...open,
          operationId: 'metrics',
          summary: 'Prometheus metrics (no customer ids in any label)',
          responses: { '200': { description: 'text exposition format', content: { 'text/plain': {} } } },
        },
      },
      '/console': {
        get: {
          ...open,
          operationId: 'marketingConsole',
          summary:
            'the marketing console: a static page (no data, no key needed to load it) that asks for an API key and, with the campaigns:export scope, previews, exports and lists campaign lists through the operations above',
          responses: {
            '200': { description: 'the page (HTML, served with a strict Content-Security-Policy)', content: { 'text/html': {} } },
            '503': error('the console’s files are missing from this installation (not_configured); the API serves without them'),
          },
        },
      },
      '/openapi.json': {
        get: {
          ...open,
          operationId: 'openapi',
          summary: 'this document',
          responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
        },
      },
    },
  };
}
