/** The API's middleware, each a function of its options returning a named handler. */
export { requireApiKey, type ApiKeyOptions } from './api-key.js';
export { errorResponses, type ErrorResponsesOptions } from './error-responses.js';
export { rateLimitPerKey, type RateLimitOptions } from './rate-limit.js';
export { requestLogging, type RequestLoggingOptions } from './request-logging.js';
export { requireScope, type RequireScopeOptions } from './require-scope.js';
export { routeNotFound } from './route-not-found.js';
export { trackRequests, type TrackRequestsOptions } from './track-requests.js';
