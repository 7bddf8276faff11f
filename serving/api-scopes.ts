/**
 * What an API key may do. Each /v1 route needs exactly one scope, declared here once: the routes
 * check it, the fast path checks it, and /openapi.json publishes it. No scope implies another, so a
 * key handed to a caller can do only what it was made for: `admin` (the server's own state) reads
 * no customer, and a campaign team's key cannot page through customers one by one.
 */
import { UsageError } from '../src/errors.js';

export const API_SCOPES = ['recommendations', 'profiles', 'campaigns:export', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** The scope each /v1 operation needs, by the operationId /openapi.json gives it. */
export const ROUTE_SCOPES = {
  getRecommendations: 'recommendations',
  batchRecommendations: 'recommendations',
  getCustomerProfile: 'profiles',
  exportCampaign: 'campaigns:export',
  previewCampaign: 'campaigns:export',
  listProductsOnSale: 'campaigns:export',
  recordCampaignSent: 'campaigns:export',
  campaignResults: 'campaigns:export',
  listCampaigns: 'campaigns:export',
  getModel: 'admin',
  eraseCustomer: 'admin',
} as const satisfies Record<string, ApiScope>;

export function isApiScope(text: string): text is ApiScope {
  return (API_SCOPES as readonly string[]).includes(text);
}

/** `s1,s2` as scopes; throws naming the first unknown one (the message lists the known ones). */
export function parseScopes(text: string): ApiScope[] {
  const scopes = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (scopes.length === 0) throw new UsageError(`no scopes: expected a comma-separated list of ${API_SCOPES.join(', ')}`);
  for (const s of scopes) if (!isApiScope(s)) throw new UsageError(`unknown scope "${s}": expected one of ${API_SCOPES.join(', ')}`);
  return [...new Set(scopes as ApiScope[])];
}
