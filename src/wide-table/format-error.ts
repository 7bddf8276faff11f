/** The error for a file that is not a readable wealthrec wide table: it names the file and what was expected. */
import { WealthrecError } from '../errors.js';

export class WideTableFormatError extends WealthrecError {
  override readonly exitCode = 1;
  override readonly httpStatus = 422;
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}
