/** Errors that know how the CLI (exit code) and the API (HTTP status) should report them. */

/** Base class: a problem the caller can fix, with a message that says what was expected. */
export class WealthrecError extends Error {
  readonly exitCode: number = 3;
  readonly httpStatus: number = 500;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong arguments or configuration. */
export class UsageError extends WealthrecError {
  override readonly exitCode = 2;
  override readonly httpStatus = 400;
}

/** Input data that breaks the import contract; nothing of it was kept. */
export class DataRejectedError extends WealthrecError {
  override readonly exitCode = 1;
  override readonly httpStatus = 422;
}
