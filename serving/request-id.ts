/** Every request's id: the caller's X-Request-Id when it is a plain token, so logs join across systems; otherwise a new UUID. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const PLAIN_TOKEN = /^[\w.:-]{1,64}$/;

/** Returns the id and echoes it in the X-Request-Id response header. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && PLAIN_TOKEN.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}
