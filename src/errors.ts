/** Errors that know how the CLI (exit code) and the API (HTTP status and error code) should report them. */

/**
 * Every `error.code` the API answers with, in `{ error: { code, message } }`. Clients branch on the
 * code, so a code once published keeps its meaning; the message is for people and may change.
 */
export const API_ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'unknown_customer',
  'not_found',
  'too_large',
  'rate_limited',
  'not_ready',
  'internal',
  'unknown_product',
  'busy',
  'not_configured',
  'campaign_unavailable',
  'data_rejected',
  'forbidden',
  'unknown_campaign',
  'campaign_list_unavailable',
  'campaign_not_sent',
  'campaign_window_open',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The code of a status, for a class that sets only its status (e.g. a format error answered 422). */
const CODE_OF_STATUS: Partial<Record<number, ApiErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'busy',
  413: 'too_large',
  422: 'data_rejected',
  429: 'rate_limited',
  503: 'not_ready',
};

/** Base class: a problem the caller can fix, with a message that says what was expected. */
export class WealthrecError extends Error {
  readonly exitCode: number = 3;
  readonly httpStatus: number = 500;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }

  /**
   * The API's code for this error. A getter rather than a field so that a subclass that sets only
   * `httpStatus` still gets the matching code; a subclass with a code of its own overrides it.
   */
  get code(): ApiErrorCode {
    return CODE_OF_STATUS[this.httpStatus] ?? 'internal';
  }
}

/** Wrong arguments, configuration or request. */
export class UsageError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 400;
  override get code(): ApiErrorCode {
    return 'invalid_request';
  }
}

/** Input data that breaks the import contract; nothing of it was kept. */
export class DataRejectedError extends WealthrecError {
  override readonly exitCode = 1;
  override readonly httpStatus = 422;
  override get code(): ApiErrorCode {
    return 'data_rejected';
  }
}

/** An error's message for a sentence that explains it (anything thrown, not only Errors). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
