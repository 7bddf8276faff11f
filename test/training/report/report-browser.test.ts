/**
 * The fixture report opened in headless Chromium: every chart must actually draw. Needs the
 * system's Chromium (Debian's chromium package, or CHROMIUM_PATH): skipped with the reason where it
 * is missing, but a failure on CI, where a silent skip would hide that the check never ran.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { checkReportInBrowser, chromiumExecutable } from '../../../training/report/check-in-browser.js';
import { writeReport } from '../../../training/report/write-report.js';
import { reportFixture } from './report-fixture.js';

const BROWSER_TIMEOUT = 30_000;
const chromium = chromiumExecutable();
const missing = `No Chromium at ${chromium}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`;

// The default reporter does not print skip notes: say it on stderr too, once, so the skip is seen.
if (!existsSync(chromium) && process.env.CI !== 'true') console.warn(`report-browser tests skipped. ${missing}`);

function needChromium(ctx: TestContext): void {
  if (existsSync(chromium)) return;
  if (process.env.CI === 'true') throw new Error(`${missing}. On CI the browser check must run.`);
  ctx.skip(missing);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wealthrec-report-browser-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkReportInBrowser', () => {
  it(
    'finds every chart of the fixture report drawn',
    async (ctx) => {
      needChromium(ctx);
      const report = reportFixture();
      const { html } = await writeReport(join(dir, 'fixture'), report);
      const checks = await checkReportInBrowser(html);
      expect(checks.map((c) => c.chart)).toEqual(['roc', 'gain', 'reliability', 'per-day-auc', 'per-day-mrr']);
      for (const check of checks) expect(check, check.chart).toMatchObject({ drawn: true });
      expect(checks.find((c) => c.chart === 'roc')!.series).toBe(report.scorers.length);
      expect(checks.find((c) => c.chart === 'reliability')!.series).toBe(report.scorers.length - 1);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'tells a chart that draws nothing from one that draws',
    async (ctx) => {
      needChromium(ctx);
      const page = join(dir, 'broken.html');
      await writeFile(
        page,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>
<svg data-chart="fine" width="100" height="100"><title>fine</title><g data-series="a"><polyline fill="none" stroke="red" points="0,0 50,50"/></g></svg>
<svg data-chart="empty" width="100" height="100"><title>empty</title><g data-series="a"></g></svg>
<svg data-chart="bare" width="100" height="100"><title>bare</title></svg>
<svg data-chart="zero" width="0" height="0"><title>zero</title><g data-series="a"><polyline fill="none" stroke="red" points="0,0 50,50"/></g></svg>
</body></html>`,
      );
      const checks = await checkReportInBrowser(page);
      expect(checks).toEqual([
        { chart: 'fine', drawn: true, series: 1 },
        { chart: 'empty', drawn: false, series: 1, problem: 'none of its 1 series has a non-empty box' },
        { chart: 'bare', drawn: false, series: 0, problem: 'no [data-series] element' },
        { chart: 'zero', drawn: false, series: 1, problem: "the chart's box is empty (0x0)" },
      ]);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'throws on a page without charts',
    async (ctx) => {
      needChromium(ctx);
      const page = join(dir, 'plain.html');
      await writeFile(page, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><p>no charts</p></body></html>');
      await expect(checkReportInBrowser(page)).rejects.toThrow('has no chart');
    },
    BROWSER_TIMEOUT,
  );
});
