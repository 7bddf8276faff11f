/**
 * The errors the API answers with besides those of `src/errors.ts`: each knows its HTTP status and
 * code, so a route or middleware throws and the one error middleware (`middleware/error-responses.ts`)
 * writes the answer. Messages are for the caller: they say what was expected or what to do.
 */
import { UsageError, WealthrecError, type ApiErrorCode } from '../src/errors.js';

/** A request that does not match the contract (api-schemas.ts): the message names the field. */
export class InvalidRequestError extends UsageError {}

export class UnauthorizedError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 401;
  constructor(message = 'a valid X-API-Key header is required') {
    super(message);
  }
  override get code(): ApiErrorCode {
    return 'unauthorized';
  }
}

/** A known key that does not hold the scope the route needs (api-scopes.ts): the message names the scope. */
export class ForbiddenError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 403;
  override get code(): ApiErrorCode {
    return 'forbidden';
  }
}

/** No route for this method and path. */
export class RouteNotFoundError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 404;
  constructor(message = 'no such route') {
    super(message);
  }
  override get code(): ApiErrorCode {
    return 'not_found';
  }
}

/** A customer the bank (or the profile table) does not know. */
export class UnknownCustomerError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 404;
  override get code(): ApiErrorCode {
    return 'unknown_customer';
  }
}

/** The product asked for is not in the products table. */
export class UnknownProductError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 404;
  override get code(): ApiErrorCode {
    return 'unknown_product';
  }
}

/** The server (or this API key) does one such thing at a time and is doing one now: retry when it ends. */
export class BusyError extends WealthrecError {
  override readonly httpStatus = 409;
  override get code(): ApiErrorCode {
    return 'busy';
  }
}

/** The API key is over its rate limit; the answer carries Retry-After. */
export class RateLimitedError extends WealthrecError {
  override readonly httpStatus = 429;
  constructor(readonly retryAfterSeconds: number) {
    super('too many requests for this API key: retry after the Retry-After seconds');
  }
  override get code(): ApiErrorCode {
    return 'rate_limited';
  }
}

/** No model and snapshot are loaded yet (starting, or every load so far failed). */
export class NotReadyError extends WealthrecError {
  override readonly httpStatus = 503;
  override get code(): ApiErrorCode {
    return 'not_ready';
  }
}

/** The server was started without what this route needs (e.g. serve --profiles). */
export class NotConfiguredError extends WealthrecError {
  override readonly httpStatus = 503;
  override get code(): ApiErrorCode {
    return 'not_configured';
  }
}

/**
 * The served set cannot make a campaign list (no demand champion, one that failed to load, a
 * snapshot changed since it was loaded): the message says why and what to run. Recommendations are
 * not affected.
 */
export class CampaignUnavailableError extends WealthrecError {
  override readonly httpStatus = 503;
  override get code(): ApiErrorCode {
    return 'campaign_unavailable';
  }
}

/** No campaign.export audit record has this id: no such list was ever exported. */
export class UnknownCampaignError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 404;
  override get code(): ApiErrorCode {
    return 'unknown_campaign';
  }
}

/**
 * A list that cannot be recorded as sent: its file has no export record, its bytes are not those the
 * record hashed, or the file is no longer kept. The message says which, and what to do.
 */
export class CampaignListUnavailableError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 409;
  override get code(): ApiErrorCode {
    return 'campaign_list_unavailable';
  }
}

/** Results of a list never recorded as sent: there is nothing to measure. */
export class CampaignNotSentError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 409;
  override get code(): ApiErrorCode {
    return 'campaign_not_sent';
  }
}

/** Results asked for before the list's window closed: the message says on which day they can be read. */
export class CampaignWindowOpenError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 409;
  override get code(): ApiErrorCode {
    return 'campaign_window_open';
  }
}
