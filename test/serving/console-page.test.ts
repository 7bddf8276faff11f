/**
 * The console's files as the server sends them, without a browser or a model: no key needed, the
 * strict Content-Security-Policy on each, a page that holds no data and runs no inline script or
 * style (what the policy would block), and the folder they are read from (the sources, also when
 * the server runs from dist/), with a clear error when it is missing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { keyChecker } from '../../serving/api-keys.js';
import { createApp } from '../../serving/app.js';
import { CONSOLE_ASSET_DIRS, CONSOLE_FILES, findConsoleAssetDir } from '../../serving/console/console-assets.js';
import { CONSOLE_CSP } from '../../serving/console/console-routes.js';
import { oneCustomerState } from './one-customer-state.js';

const SOURCES = fileURLToPath(new URL('../../serving/console/assets/', import.meta.url));
const app = createApp({ state: oneCustomerState(), checkKey: keyChecker([]), logger: pino({ level: 'silent' }) });

describe('GET /console', () => {
  it('serves the page, its script, its style sheet and its icon without a key, each under the strict policy', async () => {
    for (const [path, type] of [
      ['/console', 'text/html; charset=utf-8'],
      ['/console/', 'text/html; charset=utf-8'],
      ['/console/console.js', 'text/javascript; charset=utf-8'],
      ['/console/console.css', 'text/css; charset=utf-8'],
      ['/console/favicon.svg', 'image/svg+xml'],
    ]) {
      const res = await request(app).get(path).expect(200);
      expect(res.headers['content-type'], path).toBe(type);
      expect(res.headers['content-security-policy'], path).toBe(CONSOLE_CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(CONSOLE_CSP).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(CONSOLE_CSP).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*|data:|blob:/);
    await request(app).get('/console/other.js').expect(404);
  });

  it('holds no data and no inline script or style: every script and style sheet is a file of the console', async () => {
    const html = (await request(app).get('/console').expect(200)).text;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/console\/console\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
    expect(html).not.toMatch(/\bC\d{7}\b/); // no customer
    expect(html).toContain('campaigns:export'); // says which scope its calls need
    // The script sets no inline style either (the policy would refuse it) and writes no HTML.
    const script = readFileSync(`${SOURCES}console.js`, 'utf8');
    expect(script).not.toMatch(/\.style\b|innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
  });

  it('reads the files from the sources, beside the module or from dist/, and names the folders tried when they are missing', async () => {
    expect(findConsoleAssetDir()).toBe(CONSOLE_ASSET_DIRS[0]);
    expect(`${findConsoleAssetDir()}/`).toBe(SOURCES);
    // The compiled module (npm test builds first) finds the same folder: tsc copies no asset into dist/.
    const compiled = (await import(
      pathToFileURL(join(SOURCES, '../../../dist/serving/console/console-assets.js')).href
    )) as typeof import('../../serving/console/console-assets.js');
    expect(compiled.CONSOLE_ASSET_DIRS[0]).toMatch(/\/dist\/serving\/console\/assets$/);
    expect(`${compiled.findConsoleAssetDir()}/`).toBe(SOURCES);
    expect(findConsoleAssetDir(['/nonexistent/a', SOURCES])).toBe(SOURCES);
    expect(() => findConsoleAssetDir(['/nonexistent/a', '/nonexistent/b'])).toThrow(
      `the console's files (${Object.keys(CONSOLE_FILES).join(', ')}) are in none of /nonexistent/a, /nonexistent/b`,
    );
  });
});
