/**
 * GET /console: the marketing console (a static page, its script and its style sheet). The files
 * carry no data and need no key; the page asks for one and every call it makes needs the
 * campaigns:export scope. Served under a strict Content-Security-Policy: scripts, styles and calls
 * from this server only, no inline script or style, no eval, no framing.
 */
import { Router, type Response } from 'express';
import { log } from '../../src/log.js';
import { NotConfiguredError } from '../errors.js';
import { loadConsoleAssets, type ConsoleAsset, type ConsoleFile } from './console-assets.js';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Read once per process: every app a process creates serves the same files. */
let loaded: Map<ConsoleFile, ConsoleAsset> | Error | undefined;
function assets(): Map<ConsoleFile, ConsoleAsset> | Error {
  if (loaded === undefined) {
    try {
      loaded = loadConsoleAssets();
    } catch (err) {
      // The API serves without its console: the page answers 503 saying why, and the log says it once.
      loaded = err instanceof Error ? err : new Error(String(err));
      log.error({ err }, 'the marketing console cannot be served');
    }
  }
  return loaded;
}

function send(res: Response, name: ConsoleFile): void {
  const files = assets();
  if (files instanceof Error) throw new NotConfiguredError(`the console is not available on this server: ${files.message}`);
  const file = files.get(name)!;
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  // Revalidated on every load: a server upgraded under an open tab serves the new script with the new page.
  res.setHeader('Cache-Control', 'no-cache');
  res.type(file.contentType).send(file.body);
}

export function consoleRoutes(): Router {
  const router = Router();
  router.get('/console', (_req, res) => send(res, 'console.html'));
  router.get('/console/console.js', (_req, res) => send(res, 'console.js'));
  router.get('/console/console.css', (_req, res) => send(res, 'console.css'));
  router.get('/console/favicon.svg', (_req, res) => send(res, 'favicon.svg'));
  return router;
}
