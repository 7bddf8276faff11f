/** The demand, value and campaign reports: each gets an HTML page in the shared shell, with its charts, beside its unchanged Markdown and JSON, written all or nothing. */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { renderDemandHtml } from '../../../training/demand/demand-report-html.js';
import { renderDemandMarkdown, writeDemandReport } from '../../../training/demand/demand-report.js';
import { FREQUENCY_RULE, LOGISTIC } from '../../../training/demand/evaluate-demand.js';
import { shareToReachOnGain } from '../../../training/report/reach-on-gain.js';
import { NAIVE, VALUE_NETWORK } from '../../../training/value/evaluate-value.js';
import { renderValueHtml } from '../../../training/value/value-report-html.js';
import { renderValueMarkdown, writeValueReport } from '../../../training/value/value-report.js';
import { renderCampaignMarkdown, writeCampaignEvaluation } from '../../../workflows/campaigns-on-history/campaign-evaluation-report.js';
import { renderCampaignHtml } from '../../../workflows/campaigns-on-history/campaign-report-html.js';
import { campaignFixture } from './campaign-fixture.js';
import { DEMAND_DAYS, demandFixture } from './demand-fixture.js';
import { VALUE_DAYS, valueFixture } from './value-fixture.js';
import { axisLabels, chartsIn, legendLabels, linesOf, markersOf, markItems, seriesIn } from '../../report/vega-svg.js';

const LEAKS = /\bNaN\b|\bundefined\b|\bnull\b|Infinity|\[object /;
const CANDIDATE = 'candidate (mlp)';

function selfContained(html: string): void {
  expect(html).toMatch(/^<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/);
  expect(html).toContain('<style>');
  expect(html).not.toMatch(/<script|<link|<img|\bsrc=|\bhref=|https?:\/\/(?!www\.w3\.org\/(2000\/svg|1999\/xlink)")/i);
  expect(html.match(LEAKS)).toBeNull();
}

const made: string[] = [];
let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn');
});
afterEach(async () => {
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wealthrec-report-pages-'));
  made.push(dir);
  return dir;
}

describe('the demand report page', () => {
  it('is self-contained, states the facts and highlights the candidate, with no NaN where a day has no buyer', async () => {
    const e = demandFixture();
    // The last test day has no buyer: its AUC is NaN in memory, null after metrics.json.
    expect(e.days[2].scorers[CANDIDATE].auc).toBeNaN();
    for (const version of [e, JSON.parse(JSON.stringify(e))]) {
      const html = await renderDemandHtml(version);
      selfContained(html);
      expect(html).toContain('<title>Demand model: buys any product within 30 days</title>');
      for (const fact of ['wasm · wasm SIMD: yes', '2024-06-03, 2024-06-10, 2024-06-17', '360, 60 bought (16.7%)', '1 min 23 s']) expect(html).toContain(fact);
      expect(html).toMatch(
        new RegExp(
          `<tr class="candidate"><th scope="row"><span class="swatch"[^>]*></span>candidate \\(mlp\\)</th><td class="num">${e.pooled.scorers[CANDIDATE].auc.toFixed(3)}</td>`,
        ),
      );
    }
  });

  it('draws the candidate’s gain with where it reaches 80% of buyers, and every scorer per test day, the candidate widest', async () => {
    const e = demandFixture();
    const charts = chartsIn(await renderDemandHtml(e));
    expect([...charts.keys()]).toEqual(['gain', 'per-day-auc', 'per-day-reach']);
    const gain = charts.get('gain')!;
    expect(seriesIn(gain)).toEqual([escapeName(CANDIDATE)]);
    expect(legendLabels(gain)).toEqual([`${CANDIDATE} · 80% reached at ${Math.round(shareToReachOnGain(e.gain)! * 100)}%`]);
    expect(markersOf(gain, escapeName(CANDIDATE)).filter((m) => m.fill === '#ffffff')).toHaveLength(1);
    for (const name of ['per-day-auc', 'per-day-reach']) {
      const chart = charts.get(name)!;
      expect(seriesIn(chart).sort(), name).toEqual([CANDIDATE, LOGISTIC, FREQUENCY_RULE].map(escapeName).sort());
      // Nobody bought on the last day: two points a scorer, and the axis still runs to that day.
      for (const scorer of seriesIn(chart)) expect(markersOf(chart, scorer), `${name} ${scorer}`).toHaveLength(2);
      expect(axisLabels(chart, 'X')).toEqual(DEMAND_DAYS.map((d) => d.slice(5)));
      const widths = seriesIn(chart).map((s) => [s, Number(linesOf(chart, s)[0]['stroke-width'])] as const);
      expect(widths.reduce((a, b) => (b[1] > a[1] ? b : a))[0]).toBe(escapeName(CANDIDATE));
    }
    // One colour per scorer across the page's charts.
    for (const scorer of seriesIn(charts.get('per-day-auc')!))
      expect(linesOf(charts.get('per-day-reach')!, scorer)[0].stroke).toBe(linesOf(charts.get('per-day-auc')!, scorer)[0].stroke);
    expect(linesOf(charts.get('gain')!, escapeName(CANDIDATE))[0].stroke).toBe(linesOf(charts.get('per-day-auc')!, escapeName(CANDIDATE))[0].stroke);
    expect(axisLabels(charts.get('per-day-reach')!, 'Y').every((t) => /^\d+%$/.test(t))).toBe(true);
  });

  it('is written atomically beside the unchanged Markdown and JSON, and its path returned', async () => {
    const dir = await tempDir();
    const e = demandFixture();
    const written = await writeDemandReport(dir, e);
    expect(written).toEqual({ json: join(dir, 'demand-metrics.json'), markdown: join(dir, 'demand-report.md'), html: join(dir, 'demand-report.html') });
    expect((await readdir(dir)).sort()).toEqual(['demand-metrics.json', 'demand-report.html', 'demand-report.md']);
    expect(await readFile(written.markdown, 'utf8')).toBe(renderDemandMarkdown(e));
    expect(await readFile(written.html, 'utf8')).toBe(await renderDemandHtml(e));
    expect(await readFile(written.json, 'utf8')).toBe(`${JSON.stringify(e, null, 1)}\n`);
    expect(renderDemandMarkdown(e)).toContain('| customers contacted | buyers reached |');
    const list = e.pooled.scorers[LOGISTIC].atCoverageList!;
    expect(renderDemandMarkdown(e)).toContain(`| ${(100 * list.selected).toFixed(1)}% | ${list.precision.toFixed(3)} | ${list.recall.toFixed(3)} |`);
  });
});

describe('the value report page', () => {
  it('is self-contained, with the pooled errors, the per-day error chart and the segment table', async () => {
    const e = valueFixture();
    const html = await renderValueHtml(e);
    selfContained(html);
    expect(html).toContain('<title>Customer value: yuan bought in the next 30 days</title>');
    expect(html).toContain(`${VALUE_NETWORK.absolute}</th><td class="num">${e.pooled.scorers[VALUE_NETWORK.absolute].mae.toFixed(3)}</td>`);
    const chart = chartsIn(html).get('per-day-mae')!;
    expect([...chartsIn(html).keys()]).toEqual(['per-day-mae']);
    expect(seriesIn(chart).sort()).toEqual(Object.keys(e.pooled.scorers).map(escapeName).sort());
    for (const name of seriesIn(chart)) expect(markersOf(chart, name)).toHaveLength(VALUE_DAYS.length);
    expect(legendLabels(chart)).toContain(`${NAIVE} · pooled ${e.pooled.scorers[NAIVE].mae.toFixed(3)}`);
    expect(new Set(seriesIn(chart).map((s) => linesOf(chart, s)[0].stroke)).size).toBe(5);
    const filled = e.segments.filter((s) => s.customers > 0);
    for (const s of filled)
      expect(html).toContain(`<tr><th scope="row">${s.tier}</th><td>${s.stage}</td><td class="num">${s.customers.toLocaleString('en')}</td>`);
  });

  it('is written atomically beside the unchanged Markdown and JSON, and its path returned', async () => {
    const dir = await tempDir();
    const e = valueFixture();
    const written = await writeValueReport(dir, e);
    expect(written).toEqual({ json: join(dir, 'value-metrics.json'), markdown: join(dir, 'value-report.md'), html: join(dir, 'value-report.html') });
    expect((await readdir(dir)).sort()).toEqual(['value-metrics.json', 'value-report.html', 'value-report.md']);
    expect(await readFile(written.markdown, 'utf8')).toBe(renderValueMarkdown(e));
    expect(await readFile(written.json, 'utf8')).toBe(`${JSON.stringify(e, null, 1)}\n`);
  });
});

describe('the campaign report page', () => {
  it('draws, per launch with buyers, the share to message for 80% of them with each list, and escapes product names', async () => {
    const e = campaignFixture();
    const html = await renderCampaignHtml(e);
    selfContained(html);
    expect(html).toContain('Mean over 3 launches with at least 5 buyers: model 32.6%, same-category rule 52.8%, random 79.6%, hindsight 0.6%.');
    expect(html).toContain('P0102 Equity &lt;growth&gt; &amp; &quot;more&quot; · 2024-05-06');
    expect(html).not.toContain('<growth>');
    const chart = chartsIn(html).get('reach-by-launch')!;
    expect(seriesIn(chart).sort()).toEqual(['hindsight', 'model', 'random', 'same-category rule']);
    // The model's markers go last, on top of the others.
    expect(markItems(chart).at(-1)!['aria-label']).toBe('model');
    // P0103 had no buyer: no share, no row.
    for (const list of seriesIn(chart)) expect(markersOf(chart, list), list).toHaveLength(3);
    expect(axisLabels(chart, 'Y').some((label) => label.startsWith('P0103'))).toBe(false);
    expect(axisLabels(chart, 'Y')[0]).toMatch(/^P0101 /);
    expect(legendLabels(chart)).toEqual(['model · mean 32.6%', 'same-category rule · mean 52.8%', 'random · mean 79.6%', 'hindsight · mean 0.6%']);
    expect(new Set(markItems(chart).map((m) => m.fill)).size).toBe(4);
    expect(html).toContain('reference bank 38%');
  });

  it('says so when no launch had enough buyers, and still renders', async () => {
    const e = { ...campaignFixture(), minBuyers: 100, mean: null };
    const html = await renderCampaignHtml(e);
    selfContained(html);
    expect(html).toContain('No launch had 100 or more buyers within the horizon.');
    expect(legendLabels(chartsIn(html).get('reach-by-launch')!)).toEqual(['model', 'same-category rule', 'random', 'hindsight']);
  });

  it('shows the past lists with their calibration: not sent, window open, and closed with actual against expected buyers', async () => {
    const list = {
      productId: 'P0101',
      channel: 'sms',
      exportedAt: '2024-05-06T08:00:00.000Z',
      asOf: '2024-05-06',
      rows: 1200,
      expectedBuyers: 40.5,
      file: 'a.csv',
    };
    const e = {
      ...campaignFixture(),
      pastLists: [
        { ...list, auditId: 3, sent: null, results: null },
        {
          ...list,
          auditId: 2,
          sent: { day: '2024-05-10', messages: 1200 },
          results: { closed: false, closesOn: '2024-05-17', windowDays: 7, expectedBuyers: 40.5 },
        },
        {
          ...list,
          auditId: 1,
          sent: { day: '2024-05-07', messages: 1198 },
          results: { closed: true, closesOn: '2024-05-14', windowDays: 7, buyers: 36, expectedBuyers: 40 },
        },
      ],
    };
    const md = renderCampaignMarkdown(e);
    expect(md).toContain('| 3 | P0101 | sms | 2024-05-06 | 1,200 | - | not recorded as sent | - | 40.5 | - |');
    expect(md).toContain('| 2 | P0101 | sms | 2024-05-06 | 1,200 | 2024-05-10 (1,200) | 7 days, open until 2024-05-17 | - | 40.5 | - |');
    expect(md).toContain('| 1 | P0101 | sms | 2024-05-06 | 1,200 | 2024-05-07 (1,198) | 7 days, closed | 36 | 40.0 | 0.90 |');
    const html = await renderCampaignHtml(e);
    selfContained(html);
    expect(html).toContain('id="past-lists"');
    expect(html).toContain('<td class="num">0.90</td>');
    expect(renderCampaignMarkdown({ ...campaignFixture(), pastLists: [] })).toContain('No list exported yet.');
  });

  it('is written atomically beside the unchanged Markdown and JSON, and a failure keeps the previous report', async () => {
    const dir = await tempDir();
    const e = campaignFixture();
    const written = await writeCampaignEvaluation(dir, e);
    expect(written).toEqual({ json: join(dir, 'campaign-metrics.json'), markdown: join(dir, 'campaign-report.md'), html: join(dir, 'campaign-report.html') });
    expect(await readFile(written.markdown, 'utf8')).toBe(renderCampaignMarkdown(e));
    expect(renderCampaignMarkdown(e)).toContain('| P0103 | 现金管理 | cash | 2024-05-13 | 3,100 | 0 | n/a | n/a | n/a | n/a | n/a |');
    const before = await Promise.all(Object.values(written).map((p) => readFile(p, 'utf8')));
    await mkdir(join(dir, 'campaign-report.html.partial'));
    await expect(writeCampaignEvaluation(dir, { ...e, seconds: 1 })).rejects.toThrow();
    expect(await Promise.all(Object.values(written).map((p) => readFile(p, 'utf8')))).toEqual(before);
    expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual(['campaign-report.html.partial']);
  });
});

/** A name as vega writes it in an attribute. */
function escapeName(name: string): string {
  return name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
