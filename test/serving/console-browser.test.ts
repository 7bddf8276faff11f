/**
 * The marketing console (GET /console) in headless Chromium (Debian's chromium, driven by
 * playwright-core, which never downloads a browser), on a served bank with both champions: without
 * a key the page asks for one and shows no data; a key without the export scope gets a message
 * naming the scope; with the marketing key the curve draws with its 80% point, the exclusions show,
 * and an export from the page downloads exactly the bytes the API exports for the same request. And
 * `wealthrec serve` from dist/ (the compiled CLI: npm test builds first) serves the same page.
 * Skipped with the reason where Chromium is missing, but a failure on CI.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { campaignPreview, productsOnSale } from '../../serving/api-schemas.js';
import { CONSOLE_CSP } from '../../serving/console/console-routes.js';
import { formatDay } from '../../src/domain/dates.js';
import { chromiumExecutable } from '../../src/report/check-in-browser.js';
import { MARKETING_KEY, OTHER_KEY, prepareCampaignApp, type CampaignApp } from './campaign-app.js';
import { startServeProcess, type ServeProcess } from './serve-process.js';

const BROWSER_TIMEOUT = 60_000;
const chromium = chromiumExecutable();
const missing = `No Chromium at ${chromium}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`;
if (!existsSync(chromium) && process.env.CI !== 'true') console.warn(`console browser tests skipped. ${missing}`);

function needChromium(ctx: TestContext): void {
  if (existsSync(chromium)) return;
  if (process.env.CI === 'true') throw new Error(`${missing}. On CI the browser check must run.`);
  ctx.skip(missing);
}

const SOURCES = fileURLToPath(new URL('../../serving/console/assets/', import.meta.url));
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

let app: CampaignApp;
let server: Server;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  app = await prepareCampaignApp({ customers: 300, days: 120, seed: 12 });
  server = createServer(app.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (existsSync(chromium)) {
    // Loaded on use, as check-in-browser.ts does: playwright-core is a dev dependency.
    const { chromium: launcher } = await import('playwright-core');
    browser = await launcher.launch({ executablePath: chromium, args: ['--no-sandbox'] });
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await app?.close();
});

/** A fresh page (its own sessionStorage) that records page errors and console errors (a CSP violation is one), and every /v1 call. */
async function openConsole(at = base): Promise<{ page: Page; errors: string[]; apiCalls: string[] }> {
  const context = await browser!.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const apiCalls: string[] = [];
  page.on('console', (m) => {
    // The 403 the wrong key gets is the browser's console error too: the page's own errors are what count.
    if (m.type() === 'error' && !/status of 403/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/v1/')) apiCalls.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  const res = await page.goto(`${at}/console`, { waitUntil: 'load' });
  expect(res!.status()).toBe(200);
  expect(res!.headers()['content-security-policy']).toBe(CONSOLE_CSP);
  return { page, errors, apiCalls };
}

async function enterKey(page: Page, key: string): Promise<void> {
  await page.fill('#key-input', key);
  await page.click('#key-submit');
}

/** The API's own preview, for what the page should draw. */
async function apiPreview(productId: string) {
  const res = await request(app.listener).post('/v1/campaigns:preview').set('X-API-Key', MARKETING_KEY).send({ productId, channel: 'sms' }).expect(200);
  return campaignPreview.parse(res.body);
}

describe('the console in Chromium', () => {
  it(
    'without a key: asks for one, shows no data and calls nothing',
    async (ctx) => {
      needChromium(ctx);
      const { page, errors, apiCalls } = await openConsole();
      expect(await page.isVisible('#key-prompt')).toBe(true);
      expect(await page.isVisible('#console')).toBe(false);
      expect(await page.textContent('header')).toContain('campaigns:export');
      expect(await page.locator('#product option').count()).toBe(0);
      expect(await page.locator('svg[data-chart]').count()).toBe(0);
      expect(apiCalls).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    'with a key without the export scope: says the scope is missing, forgets the key, shows no data',
    async (ctx) => {
      needChromium(ctx);
      const { page, errors } = await openConsole();
      await enterKey(page, OTHER_KEY);
      await page.waitForSelector('#message:not([hidden])');
      expect(await page.textContent('#message')).toMatch(/does not hold the campaigns:export scope/);
      expect(await page.isVisible('#key-prompt')).toBe(true);
      expect(await page.isVisible('#console')).toBe(false);
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
      expect(await page.locator('#product option').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    'with the marketing key: lists the products on sale, draws the curve with its 80% point and the exclusions, and exports the API’s exact bytes',
    async (ctx) => {
      needChromium(ctx);
      const onSale = productsOnSale.parse((await request(app.listener).get('/v1/products?onSale=today').set('X-API-Key', MARKETING_KEY).expect(200)).body);
      // The product with the most candidates, so the chart has its hundred steps and an 80% point.
      const previews = [];
      for (const p of onSale.products) previews.push(await apiPreview(p.productId)); // one at a time: a key's previews take turns (409 otherwise)
      const chosen = previews.reduce((a, b) => (b.candidates > a.candidates ? b : a));
      expect(chosen.point80.rows).toBeGreaterThan(0);

      const { page, errors } = await openConsole();
      await enterKey(page, MARKETING_KEY);
      await page.waitForSelector('#console:not([hidden])');
      expect(await page.locator('#product option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value))).toEqual(
        onSale.products.map((p) => p.productId),
      );
      expect(await page.evaluate('sessionStorage.length')).toBe(1); // the key, in this tab only

      await page.selectOption('#product', chosen.productId);
      // The chart once the chosen product's preview is in (a preview of the first product may be drawn before).
      const chart = page.locator(`#chart:not([aria-busy]) svg[data-chart="expected-buyers"][aria-label*="${chosen.productId} on sms"]`);
      await chart.waitFor();
      const curve = chart.locator('path.curve');
      expect(Number(await curve.getAttribute('data-points'))).toBe(chosen.curve.length);
      expect((await curve.getAttribute('d'))!.match(/[ML]/g)).toHaveLength(chosen.curve.length);
      const box = await curve.boundingBox();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(50);
      expect(Number(await chart.locator('g.point80-marker').getAttribute('data-rows'))).toBe(chosen.point80.rows);
      expect(await chart.locator('circle.point80').count()).toBe(1);
      expect(await page.textContent('#point80-text')).toContain(`best ${chosen.point80.rows.toLocaleString('en-US')} customers`);

      const exclusions = await page
        .locator('#exclusions tbody tr')
        .evaluateAll((rows) => rows.map((r) => (r as unknown as { textContent: string }).textContent));
      const count = (n: number) => n.toLocaleString('en-US');
      expect(exclusions).toHaveLength(6);
      expect(exclusions[0]).toContain(count(chosen.customers));
      expect(exclusions[1]).toContain(count(chosen.excluded.notEligible));
      expect(exclusions[2]).toContain(count(chosen.excluded.alreadyBought));
      expect(exclusions[3]).toContain(count(chosen.excluded.optedOut));
      expect(exclusions[4]).toContain(count(chosen.excluded.contactedRecently));
      expect(exclusions[5]).toContain(count(chosen.candidates));

      // The export: 80% of the expected buyers (the page's default), downloaded from the page.
      await page.click('#export-button');
      await page.waitForSelector('#download:not([hidden])');
      const auditId = Number(await page.textContent('#audit-id'));
      expect(await page.textContent('#export-result')).toContain('(checked)'); // the page checked the bytes against X-Content-Sha256
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      expect(download.suggestedFilename()).toBe(`${chosen.productId}-sms-audit-${auditId}.csv`);
      const downloaded = readFileSync((await download.path())!);

      const audit = await app.knex('audit_log').where('id', auditId).first();
      const details = JSON.parse(audit.details);
      expect(details).toMatchObject({
        requestedBy: 'api:marketing',
        rows: chosen.point80.rows,
        request: { productId: chosen.productId, channel: 'sms', coverage: 0.8 },
      });
      expect(sha256(downloaded)).toBe(details.sha256);
      // The same request straight to the API: another file and record, the same list to the byte.
      const direct = await request(app.listener)
        .post('/v1/campaigns:export')
        .set('X-API-Key', MARKETING_KEY)
        .send({ productId: chosen.productId, channel: 'sms', capDays: 7, coverage: 0.8 })
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Number(direct.headers['x-audit-id'])).not.toBe(auditId);
      expect(sha256(downloaded)).toBe(direct.headers['x-content-sha256']);
      expect(downloaded.equals(direct.body as Buffer)).toBe(true);
      expect(errors).toEqual([]);
      await page.context().close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    'lists past lists with their send and, once the window has closed, their results by tenth of the list',
    async (ctx) => {
      needChromium(ctx);
      const api = () => request(app.listener);
      const productId = productsOnSale.parse((await api().get('/v1/products?onSale=today').set('X-API-Key', MARKETING_KEY).expect(200)).body).products[0]
        .productId;
      const exported = await api().post('/v1/campaigns:export').set('X-API-Key', MARKETING_KEY).send({ productId, channel: 'wechat', top: 40 }).expect(200);
      const auditId = Number(exported.headers['x-audit-id']);

      const { page, errors } = await openConsole();
      await enterKey(page, MARKETING_KEY);
      const listed = page.locator(`#lists tbody tr[data-audit-id="${auditId}"]`);
      await listed.waitFor();
      expect(await listed.textContent()).toContain('not recorded');
      expect(await listed.locator('button').isDisabled()).toBe(true);

      // Sent on the bank's last day: the window is open until a week later.
      await api()
        .post(`/v1/campaigns/${auditId}:sent`)
        .set('X-API-Key', MARKETING_KEY)
        .send({ day: formatDay(app.bank.asOf) })
        .expect(200);
      await page.click('#refresh-lists');
      await page.waitForFunction(`document.querySelector('#lists tbody tr[data-audit-id="${auditId}"]')?.textContent.includes('window closes on')`);
      expect(await listed.textContent()).toContain(`${formatDay(app.bank.asOf)}: 40 messages`);
      expect(await listed.textContent()).toContain(`window closes on ${formatDay(app.bank.asOf + 7)}`);

      // A week and a day later the results are in.
      app.setLoopToday(app.bank.asOf + 8);
      const results = (await api().get(`/v1/campaigns/${auditId}/results`).set('X-API-Key', MARKETING_KEY).expect(200)).body;
      await page.click('#refresh-lists');
      await page.waitForFunction(`document.querySelector('#lists tbody tr[data-audit-id="${auditId}"]')?.textContent.includes('bought')`);
      expect(await listed.textContent()).toContain(`${results.total.buyers} bought`);
      await listed.locator('button').click();
      const rows = page.locator('#results-table tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(results.deciles.length + 1);
      expect(await rows.last().textContent()).toMatch(new RegExp(`^All${results.total.messages}${results.total.buyers}`));
      expect(await page.textContent('#list-results h3')).toBe(`Results of list ${auditId}: ${productId} on wechat`);
      expect(errors).toEqual([]);
      await page.context().close();
    },
    BROWSER_TIMEOUT,
  );
});

describe('the console from dist/ (wealthrec serve, compiled)', () => {
  let serve: ServeProcess | undefined;
  afterAll(() => {
    serve?.child.kill('SIGKILL');
  });

  it(
    'serves the page, its script and its style sheet from the sources, under the same policy, and the page works',
    async (ctx) => {
      serve = await startServeProcess(app.bank, { flags: ['--exports-dir', join(app.bank.dir, 'exports-dist')], env: { WEALTHREC_API_KEYS: MARKETING_KEY } });
      for (const [path, file, type] of [
        ['/console', 'console.html', 'text/html'],
        ['/console/console.js', 'console.js', 'text/javascript'],
        ['/console/console.css', 'console.css', 'text/css'],
        ['/console/favicon.svg', 'favicon.svg', 'image/svg+xml'],
      ]) {
        const res = await fetch(`${serve.base}${path}`);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type')!.startsWith(type), path).toBe(true);
        expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
        expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(SOURCES, file))), path).toBe(true);
      }
      needChromium(ctx);
      const { page, errors } = await openConsole(serve.base);
      await enterKey(page, MARKETING_KEY);
      await page.waitForSelector('svg[data-chart="expected-buyers"] path.curve', { state: 'attached' });
      expect(errors).toEqual([]);
      await page.context().close();
    },
    BROWSER_TIMEOUT,
  );
});
