/**
 * Opens a rendered report page (any of them: evaluation, demand, value, campaigns) in headless
 * Chromium and checks that every chart actually drew: the <svg data-chart> has a size, and at
 * least one of its series has a mark with a non-empty rendered box. A series is what vega draws
 * with an aria-label, the series' name (see series-encoding.ts); guides carry none. String tests
 * cannot see a chart that is valid markup yet draws nothing (a zero size, an empty path, a CSS rule
 * hiding it); a browser can. Chromium is the system's (Debian's chromium package): playwright-core
 * never downloads one.
 *
 * CLI: node dist/src/report/check-in-browser.js path/to/report.html
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ChartCheck {
  /** The chart's data-chart attribute. */
  chart: string;
  /** The chart has a size, at least one series drew, and the page logged no error. */
  drawn: boolean;
  /** How many series (distinct aria-labels on mark items) the chart holds. */
  series: number;
  problem?: string;
}

export interface BrowserCheckOptions {
  /** Chromium binary; defaults to $CHROMIUM_PATH, then /usr/bin/chromium. */
  executablePath?: string;
}

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export function chromiumExecutable(options: BrowserCheckOptions = {}): string {
  return options.executablePath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
}

/** What the page measures; the element type is spelled out because the project compiles without the DOM library. */
interface Measurable {
  getBoundingClientRect(): { width: number; height: number };
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<Measurable>;
}

interface Measured {
  chart: string;
  width: number;
  height: number;
  series: number;
  drawnSeries: number;
}

function judge(m: Measured, pageErrors: readonly string[]): ChartCheck {
  const problems: string[] = [];
  if (!(m.width > 0 && m.height > 0)) problems.push(`the chart's box is empty (${m.width}x${m.height})`);
  if (m.series === 0) problems.push('no series: no mark item with an aria-label');
  else if (m.drawnSeries === 0) problems.push(`none of its ${m.series} series has a non-empty box`);
  problems.push(...pageErrors);
  return { chart: m.chart, drawn: problems.length === 0, series: m.series, ...(problems.length ? { problem: problems.join('; ') } : {}) };
}

export async function checkReportInBrowser(htmlPath: string, options: BrowserCheckOptions = {}): Promise<ChartCheck[]> {
  const executablePath = chromiumExecutable(options);
  await access(executablePath).catch(() => {
    throw new Error(`No Chromium at ${executablePath}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
  });
  await access(htmlPath).catch(() => {
    throw new Error(`No report at ${htmlPath}`);
  });
  // Loaded on use: playwright-core is a dev dependency, and nothing else in the build needs it.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
    await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: 'load' });
    const measured: Measured[] = await page.$$eval('svg[data-chart]', (svgs: Measurable[]) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        // Vega draws each mark as a <g class="... role-mark ..."> whose children are its items.
        const items = Array.from(svg.querySelectorAll('.role-mark > [aria-label]'));
        const series = new Set(items.map((item) => item.getAttribute('aria-label')));
        const drawn = new Set(
          items
            .filter((item) => {
              const r = item.getBoundingClientRect();
              return r.width > 0 || r.height > 0;
            })
            .map((item) => item.getAttribute('aria-label')),
        );
        return { chart: svg.getAttribute('data-chart') ?? '', width: box.width, height: box.height, series: series.size, drawnSeries: drawn.size };
      }),
    );
    if (measured.length === 0) throw new Error(`${htmlPath} has no chart: expected <svg data-chart="..."> elements`);
    return measured.map((m) => judge(m, pageErrors));
  } finally {
    await browser.close();
  }
}

function describeCheck(check: ChartCheck): string {
  const status = check.drawn ? 'ok  ' : 'FAIL';
  return `${status} ${check.chart.padEnd(16)} ${String(check.series).padStart(2)} series${check.problem ? `  ${check.problem}` : ''}`;
}

async function main(args: readonly string[]): Promise<number> {
  const [htmlPath] = args;
  if (!htmlPath) {
    console.error('usage: check-in-browser <report.html>   (any report page; Chromium from $CHROMIUM_PATH or /usr/bin/chromium)');
    return 2;
  }
  const checks = await checkReportInBrowser(htmlPath);
  for (const check of checks) console.log(describeCheck(check));
  return checks.every((c) => c.drawn) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
