/**
 * SIGTERM as a load balancer expects it: readiness turns 503 at once, the server keeps answering for
 * a short drain delay (the balancer needs a probe or two to stop sending), then stops accepting,
 * lets in-flight requests finish, and only then releases what they use (the database pool).
 * A request still running after the timeout is cut, so a stuck client cannot block a deploy.
 */
import type { Server } from 'node:http';
import { log } from '../src/log.js';

export interface ShutdownOptions {
  /** Turns readiness to 503. */
  beginShutdown: () => void;
  /** Milliseconds to keep serving after readiness turned 503. */
  drainDelayMs: number;
  /** Milliseconds after the server stopped accepting before open requests are cut. */
  timeoutMs: number;
  /** Releases what requests use, once none is left (watchers, the database pool). */
  release: () => Promise<void>;
}

export async function shutDownGracefully(server: Server, options: ShutdownOptions): Promise<void> {
  options.beginShutdown();
  // From now on every answer closes its connection, so keep-alive clients reconnect elsewhere.
  server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
  await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs));
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection whose request began before shutdown stays open after its answer until
  // the keep-alive timeout; closing idle connections as answers finish ends the drain at once.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  const cut = setTimeout(() => {
    log.warn({ timeoutMs: options.timeoutMs }, 'requests still open at the shutdown timeout: closing their connections');
    server.closeAllConnections();
  }, options.timeoutMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(cut);
  await options.release();
}
