/** A request part checked against its zod schema; the error names the first field at fault (`query.n: ...`). */
import type { z } from 'zod';
import { InvalidRequestError } from './errors.js';

export function validate<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidRequestError(`${where}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`);
  }
  return result.data;
}
