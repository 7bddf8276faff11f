/**
 * Every kind of report page opened in headless Chromium: every chart must actually draw. Needs the
 * system's Chromium (Debian's chromium package, or CHROMIUM_PATH): skipped with the reason where it
 * is missing, but a failure on CI, where a silent skip would hide that the check never ran.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { checkReportInBrowser, chromiumExecutable } from '../../../src/report/check-in-browser.js';
import { renderChart } from '../../../src/report/render-chart.js';
import { seriesLines } from '../../../src/report/series-layers.js';
import { seriesStyles } from '../../../src/report/series-style.js';
import { unitAxis } from '../../../src/report/unit-axis.js';
import { writeDemandReport } from '../../../training/demand/demand-report.js';
import { writeReport } from '../../../training/report/write-report.js';
import { writeValueReport } from '../../../training/value/value-report.js';
import { writeCampaignEvaluation } from '../../../workflows/campaigns-on-history/campaign-evaluation-report.js';
import { writeExperimentReport } from '../../../workflows/experiments.js';
import { campaignFixture } from './campaign-fixture.js';
import { experimentFixture } from './experiment-fixture.js';
import { demandFixture } from './demand-fixture.js';
import { reportFixture } from './report-fixture.js';
import { valueFixture } from './value-fixture.js';

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

/** Each kind of report, written by its own writer, with the charts its page must draw and their series counts. */
const REPORTS: Array<{ kind: string; write: (dir: string) => Promise<{ html: string }>; series: Record<string, number> }> = [
  { kind: 'evaluation', write: (d) => writeReport(d, reportFixture()), series: { roc: 4, gain: 4, reliability: 3, 'per-day-auc': 4, 'per-day-mrr': 4 } },
  { kind: 'demand', write: (d) => writeDemandReport(d, demandFixture()), series: { gain: 1, 'per-day-auc': 3, 'per-day-reach': 3 } },
  { kind: 'value', write: (d) => writeValueReport(d, valueFixture()), series: { 'per-day-mae': 5 } },
  { kind: 'campaign', write: (d) => writeCampaignEvaluation(d, campaignFixture()), series: { 'reach-by-launch': 4 } },
  { kind: 'experiment', write: (d) => writeExperimentReport(d, experimentFixture(), true), series: { 'experiment-daily': 2 } },
];

describe('checkReportInBrowser', () => {
  for (const report of REPORTS) {
    it(
      `finds every chart of the ${report.kind} report drawn`,
      async (ctx) => {
        needChromium(ctx);
        const { html } = await report.write(join(dir, report.kind));
        const checks = await checkReportInBrowser(html);
        expect(Object.fromEntries(checks.map((c) => [c.chart, c.series]))).toEqual(report.series);
        for (const check of checks) expect(check, check.chart).toMatchObject({ drawn: true });
      },
      BROWSER_TIMEOUT,
    );
  }

  it(
    'tells a chart that draws nothing from one that draws',
    async (ctx) => {
      needChromium(ctx);
      // A real vega chart whose only series is a lone point drawn as a line without markers: valid SVG, nothing visible.
      const lone = await renderChart({
        name: 'lone',
        title: 'lone',
        spec: {
          width: 100,
          height: 100,
          encoding: { x: unitAxis('x', 'x'), y: unitAxis('y', 'y') },
          layer: [seriesLines([{ name: 'a', label: 'a', points: [{ x: 0.5, y: 0.5 }] }], seriesStyles([{ name: 'a', role: 'main' }]))],
        },
      });
      const item = (d: string) => `<g class="mark-line role-mark"><path aria-label="a" role="graphics-symbol" d="${d}" stroke="red"/></g>`;
      const page = join(dir, 'broken.html');
      await writeFile(
        page,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>
<svg data-chart="fine" width="100" height="100"><title>fine</title>${item('M0,0L50,50')}</svg>
<svg data-chart="empty" width="100" height="100"><title>empty</title>${item('')}</svg>
<svg data-chart="bare" width="100" height="100"><title>bare</title><g class="mark-line role-mark" aria-hidden="true"><path d="M0,0L50,50" stroke="grey"/></g></svg>
<svg data-chart="zero" width="0" height="0"><title>zero</title>${item('M0,0L50,50')}</svg>
<div style="display:none"><svg data-chart="hidden" width="100" height="100"><title>hidden</title>${item('M0,0L50,50')}</svg></div>
${lone}
</body></html>`,
      );
      const checks = await checkReportInBrowser(page);
      expect(checks).toEqual([
        { chart: 'fine', drawn: true, series: 1 },
        { chart: 'empty', drawn: false, series: 1, problem: 'none of its 1 series has a non-empty box' },
        { chart: 'bare', drawn: false, series: 0, problem: 'no series: no mark item with an aria-label' },
        { chart: 'zero', drawn: false, series: 1, problem: "the chart's box is empty (0x0)" },
        { chart: 'hidden', drawn: false, series: 1, problem: "the chart's box is empty (0x0); none of its 1 series has a non-empty box" },
        { chart: 'lone', drawn: false, series: 1, problem: 'none of its 1 series has a non-empty box' },
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
