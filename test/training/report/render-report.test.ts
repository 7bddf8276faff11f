/** The evaluation report's HTML (vega-lite charts rendered to SVG) and Markdown renderings of the fixture, read back with regular expressions. */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { nonFiniteValueIn } from '../../../src/report/finite-data.js';
import { evaluationCharts } from '../../../training/report/charts/evaluation-charts.js';
import { scorerStyles } from '../../../training/report/charts/scorer-styles.js';
import { shareToReachOnGain } from '../../../training/report/reach-on-gain.js';
import { renderReportHtml } from '../../../training/report/render-html.js';
import { renderReportMarkdown } from '../../../training/report/render-markdown.js';
import type { EvaluationReport } from '../../../training/report/report-data.js';
import { ORACLE_COLUMNS } from '../../../training/oracle-scores.js';
import { reportFixture, TEST_DAYS } from './report-fixture.js';
import { axisLabels, chartsIn, legendLabels, linesOf, markersOf, markItems, seriesIn, textsOf } from '../../report/vega-svg.js';

const CHARTS = ['roc', 'gain', 'reliability', 'per-day-auc', 'per-day-mrr'];
const LEAKS = /\bNaN\b|\bundefined\b|\bnull\b|Infinity|\[object /;

/** What a report looks like after a trip through metrics.json: NaN has become null. */
function reloaded(report: EvaluationReport): EvaluationReport {
  return JSON.parse(JSON.stringify(report)) as EvaluationReport;
}

// Vega's warnings (a conflicting legend, an empty scale) mean a spec to fix: none may appear.
let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn');
});
afterEach(() => {
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
});

describe('renderReportHtml', () => {
  it('is one self-contained page: charset, language, inline CSS, no script, no external asset', async () => {
    const html = await renderReportHtml(reportFixture());
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<style>');
    // The SVG and XLink namespace names are identifiers, not assets.
    expect(html).not.toMatch(/<script|<link|<img|<image|\bsrc=|\bhref=|https?:\/\/(?!www\.w3\.org\/(2000\/svg|1999\/xlink)")/i);
  });

  it('draws every chart, each with a title and one series per scorer', async () => {
    const report = reportFixture();
    const charts = chartsIn(await renderReportHtml(report));
    expect([...charts.keys()]).toEqual(CHARTS);
    const names = report.scorers.map((s) => s.name);
    for (const chart of CHARTS) {
      expect(charts.get(chart)!.body, chart).toMatch(/^<title>[^<]+<\/title>/);
      const expected = chart === 'reliability' ? names.filter((n) => n !== 'popularity') : names;
      expect(seriesIn(charts.get(chart)!).sort(), chart).toEqual([...expected].sort());
      for (const name of expected)
        expect(
          legendLabels(charts.get(chart)!).some((label) => label.startsWith(`${name} · `)),
          `${chart} legend: ${name}`,
        ).toBe(true);
    }
  });

  it('leaks no NaN, null or undefined, whether metrics are NaN in memory or null from metrics.json', async () => {
    const report = reportFixture();
    // The fixture's risk level 5 has no purchase: its MRR and hit rates are NaN, its AUC null.
    expect(report.scorers[0].byRiskLevel['5'].ranking.mrr).toBeNaN();
    expect(report.scorers[0].byRiskLevel['5'].auc).toBeNull();
    for (const version of [report, reloaded(report)]) {
      const html = await renderReportHtml(version);
      expect(html.match(LEAKS)).toBeNull();
      expect(html).toContain('n/a');
    }
  });

  it('hands no chart a non-finite value, even when curves and per-day metrics hold NaN and null', () => {
    const report = reportFixture();
    report.scorers[0].curves.roc.splice(3, 0, { fpr: NaN, tpr: 0.5 });
    report.scorers[1].curves.gain.splice(2, 0, { share: 0.1, reached: Infinity });
    report.scorers[0].curves.reliability[1].observed = NaN;
    report.scorers[2].perDay[TEST_DAYS[0]].auc = NaN;
    for (const version of [report, reloaded(report)]) {
      const charts = evaluationCharts(version, scorerStyles(version.scorers));
      for (const chart of Object.values(charts)) if (chart) expect(nonFiniteValueIn(chart.spec), chart.name).toBeNull();
    }
  });

  it('escapes scorer names and notes', async () => {
    const report = reportFixture();
    report.scorers[1].name = '<script>alert("x")</script>';
    report.notes.push('Logloss < 0.5 & "good" for <b>new</b> customers');
    const html = await renderReportHtml(report);
    expect(html).not.toMatch(/<script|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Logloss &lt; 0.5 &amp; &quot;good&quot; for &lt;b&gt;new&lt;/b&gt; customers');
    expect(seriesIn(chartsIn(html).get('roc')!)).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('leaves scorers without reliability points out of the reliability diagram, and the diagram out when none has any', async () => {
    const report = reportFixture();
    expect(seriesIn(chartsIn(await renderReportHtml(report)).get('reliability')!)).not.toContain('popularity');
    for (const s of report.scorers) s.curves.reliability = [];
    const html = await renderReportHtml(report);
    expect(chartsIn(html).has('reliability')).toBe(false);
    expect(html).toContain('no reliability diagram');
  });

  it('leaves a scorer without ROC points out of the ROC chart and its legend', async () => {
    const report = reportFixture();
    report.scorers[2].curves.roc = [{ fpr: NaN, tpr: NaN }];
    const roc = chartsIn(await renderReportHtml(reloaded(report))).get('roc')!;
    expect(seriesIn(roc).sort()).toEqual(['dcn', 'mlp', 'oracle']);
    expect(legendLabels(roc).some((label) => label.startsWith('popularity'))).toBe(false);
  });

  it('skips a day whose AUC does not exist instead of drawing it', async () => {
    const report = reportFixture();
    report.scorers[0].perDay[TEST_DAYS[1]].auc = null;
    const charts = chartsIn(await renderReportHtml(report));
    expect(markersOf(charts.get('per-day-auc')!, 'dcn')).toHaveLength(2);
    expect(markersOf(charts.get('per-day-mrr')!, 'dcn')).toHaveLength(3);
  });

  it('gives each scorer the same colour in every chart; the candidate is widest and drawn last, the oracle dashed', async () => {
    const charts = chartsIn(await renderReportHtml(reportFixture()));
    const stroke = (chart: string, name: string) => {
      const [line] = linesOf(charts.get(chart)!, name);
      return { color: line.stroke, width: Number(line['stroke-width']), dash: line['stroke-dasharray'] };
    };
    for (const name of ['dcn', 'mlp', 'oracle']) {
      const strokes = new Set(CHARTS.map((chart) => JSON.stringify(stroke(chart, name))));
      expect(strokes.size, name).toBe(1);
    }
    // The reliability markers are filled in the scorer's line colour.
    for (const m of markersOf(charts.get('reliability')!, 'mlp')) expect(m.fill).toBe(stroke('roc', 'mlp').color);
    const widths = ['mlp', 'popularity', 'oracle'].map((n) => stroke('roc', n).width);
    expect(stroke('roc', 'dcn').width).toBeGreaterThan(Math.max(...widths));
    expect(stroke('roc', 'oracle').dash).toMatch(/^\d+,\d+$/);
    expect(stroke('roc', 'oracle').dash).not.toBe('1,0');
    expect(stroke('roc', 'mlp').dash).toBe('1,0');
    expect(stroke('roc', 'mlp').color).not.toBe(stroke('roc', 'popularity').color);
    for (const chart of CHARTS) {
      const lines = markItems(charts.get(chart)!).filter((a) => a['aria-roledescription'] === 'line mark');
      expect(lines[lines.length - 1]['aria-label'], chart).toBe('dcn');
    }
  });

  it('marks where each scorer reaches 80% of purchases on the gain chart', async () => {
    const report = reportFixture();
    const gain = chartsIn(await renderReportHtml(report)).get('gain')!;
    expect(textsOf(gain)).toContain('80% of purchases');
    expect(legendLabels(gain).filter((label) => /80% reached at \d+%/.test(label))).toHaveLength(4);
    for (const s of report.scorers) {
      const share = shareToReachOnGain(s.curves.gain)!;
      expect(legendLabels(gain)).toContain(`${s.name} · 80% reached at ${Math.round(share * 100)}%`);
      // One ring (white fill) per scorer where its curve crosses 80%.
      expect(
        markersOf(gain, s.name).filter((m) => m.fill === '#ffffff'),
        s.name,
      ).toHaveLength(1);
    }
    // The candidate's share is also printed by the x axis.
    expect(textsOf(gain)).toContain(`${Math.round(shareToReachOnGain(report.scorers[0].curves.gain)! * 100)}%`);
  });

  it('puts axis ticks on round numbers, and keeps AUC and MRR axes inside [0, 1]', async () => {
    const charts = chartsIn(await renderReportHtml(reportFixture()));
    expect(axisLabels(charts.get('roc')!, 'X')).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(axisLabels(charts.get('gain')!, 'Y')).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    for (const chart of ['per-day-auc', 'per-day-mrr']) {
      const ticks = axisLabels(charts.get(chart)!, 'Y').map(Number);
      expect(ticks.length, chart).toBeGreaterThanOrEqual(3);
      const step = ticks[1] - ticks[0];
      // A step of 1, 2 or 5 times a power of ten, every tick a multiple of it.
      const power = 10 ** Math.floor(Math.log10(step));
      expect(
        [1, 2, 5].some((m) => Math.abs(step - m * power) < 1e-9),
        `${chart} step ${step}`,
      ).toBe(true);
      for (const t of ticks) expect(Math.abs(t / step - Math.round(t / step)), `${chart} tick ${t}`).toBeLessThan(1e-6);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBeCloseTo(step, 9);
      expect(ticks[0]).toBeGreaterThanOrEqual(0);
      expect(ticks[ticks.length - 1]).toBeLessThanOrEqual(1);
    }
    expect(axisLabels(charts.get('per-day-auc')!, 'X')).toEqual(TEST_DAYS.map((d) => d.slice(5)));
  });

  it('states the header facts, the case figures as the case’s own, and the champion deltas', async () => {
    const report = reportFixture();
    const html = await renderReportHtml(report);
    for (const fact of [
      '2024-06-06-dcn-a1b2c3',
      'dcn',
      'wasm SIMD: yes',
      'sha256:9f2c4e1d7a3b5c6d',
      '2024-01-02 to 2024-06-04',
      '1,284,530 training',
      '12 min 34 s',
    ]) {
      expect(html).toContain(fact);
    }
    expect(html).toContain('Hengfeng Bank');
    expect(html).toContain('not comparable one-to-one');
    for (const figure of ['0.89', '0.45', '0.78', '0.80', '0.73', '0.32', '0.92', '0.38', '0.88']) expect(html).toContain(`>${figure}<`);
    const auc = (report.scorers[0].pooled.auc ?? 0) - (report.champion!.pooled.auc ?? 0);
    expect(html).toContain(`${auc < 0 ? '−' : '+'}${Math.abs(auc).toFixed(3)}`);
  });

  it('says "not registered" and "no champion yet" when there is neither', async () => {
    const report = reportFixture();
    report.model.version = null;
    report.champion = null;
    const html = await renderReportHtml(report);
    expect(html).toContain('not registered');
    expect(html).toContain('No champion yet');
  });

  it('renders degenerate reports without throwing: one test day, empty curves, no scorer at all', async () => {
    const oneDay = reportFixture();
    oneDay.data.testDays = [TEST_DAYS[0]];
    for (const s of oneDay.scorers) s.curves = { roc: [], gain: [], reliability: [] };
    const html = await renderReportHtml(reloaded(oneDay));
    const perDay = chartsIn(html).get('per-day-auc')!;
    expect(seriesIn(perDay)).toHaveLength(4);
    // A lone point has no line to draw: its marker shows it.
    for (const name of seriesIn(perDay)) expect(markersOf(perDay, name)).toHaveLength(1);
    expect(html.match(LEAKS)).toBeNull();
    const empty = { ...reportFixture(), scorers: [], history: [], notes: [] };
    const bare = await renderReportHtml(empty);
    expect([...chartsIn(bare).keys()]).toEqual(['roc', 'gain', 'per-day-auc', 'per-day-mrr']);
    expect(bare).toContain('No training history recorded.');
    expect(bare.match(LEAKS)).toBeNull();
    expect(renderReportMarkdown(empty).match(LEAKS)).toBeNull();
  });

  it('highlights the candidate in the headline table and formats numbers', async () => {
    const report = reportFixture();
    const html = await renderReportHtml(report);
    const candidateRow = html.match(/<tr class="candidate"><th scope="row" class="scorer">.*?<\/tr>/)![0];
    expect(candidateRow).toContain('dcn');
    expect(candidateRow).toContain(`>${report.scorers[0].pooled.auc!.toFixed(3)}<`);
    expect(html).toMatch(/<th scope="row" class="scorer">.*popularity<\/th><td>baseline<\/td><td class="num">[\d.]+<\/td><td class="num">n\/a<\/td>/);
  });
});

describe('renderReportMarkdown', () => {
  it('has the header facts and the pooled table with every scorer', () => {
    const report = reportFixture();
    const md = renderReportMarkdown(report);
    expect(md).toContain('## Offline evaluation: dcn (`2024-06-06-dcn-a1b2c3`)');
    expect(md).toContain('| Scorer | Kind | AUC | Logloss | MRR | Hit@1 | Hit@3 | Hit@5 |');
    const dcn = report.scorers[0].pooled;
    expect(md).toContain(`| **dcn** | candidate | ${dcn.auc!.toFixed(3)} | ${dcn.logloss!.toFixed(3)} | ${dcn.ranking.mrr.toFixed(3)} |`);
    expect(md).toMatch(/\| popularity \| baseline \| [\d.]+ \| n\/a \|/);
    expect(md).toMatch(/\| mlp \| ablation \|/);
    expect(md).toMatch(/\| oracle \| oracle \|/);
  });

  it('gives new vs existing AUC and MRR for the candidate and the oracle only', () => {
    const report = reportFixture();
    const md = renderReportMarkdown(report);
    const table = md.slice(md.indexOf('### New vs existing customers'), md.indexOf('**Champion**'));
    const { new: fresh, existing } = report.scorers[0].byCustomerType;
    expect(table).toContain(
      `| dcn | ${fresh.auc!.toFixed(3)} | ${fresh.ranking.mrr.toFixed(3)} | ${existing.auc!.toFixed(3)} | ${existing.ranking.mrr.toFixed(3)} |`,
    );
    expect(table).toContain('| oracle |');
    expect(table).not.toContain('mlp');
  });

  it('heads with the gap to the achievable bounds, and the full oracle gap only as out of reach, in Markdown and HTML', async () => {
    const report = reportFixture();
    const oracle = report.scorers.find((s) => s.kind === 'oracle')!;
    // The fixture's oracle, renamed as the reader names it, and two bounds a little below it.
    const [full, history, noHistory] = ORACLE_COLUMNS.map((c) => c.name);
    const lower = (by: number) => {
      const copy = JSON.parse(JSON.stringify(oracle)) as typeof oracle;
      copy.pooled.auc! -= by;
      copy.pooled.ranking.mrr -= by;
      copy.byCustomerType.new!.ranking.mrr -= by;
      return copy;
    };
    report.scorers = [
      ...report.scorers.filter((s) => s !== oracle),
      { ...oracle, name: full },
      { ...lower(0.02), name: history },
      { ...lower(0.04), name: noHistory },
    ];
    const md = renderReportMarkdown(report);
    const headroom = md.slice(md.indexOf('### Headroom'), md.indexOf('### Pooled metrics'));
    const dcn = report.scorers[0];
    const h = report.scorers.find((s) => s.name === history)!;
    const n = report.scorers.find((s) => s.name === noHistory)!;
    expect(headroom).toContain(
      `**Gap to the achievable bound** (${history}): AUC ${(h.pooled.auc! - dcn.pooled.auc!).toFixed(3)}, MRR ${(h.pooled.ranking.mrr - dcn.pooled.ranking.mrr).toFixed(3)}`,
    );
    expect(headroom).toContain(`MRR ${(n.byCustomerType.new!.ranking.mrr - dcn.byCustomerType.new!.ranking.mrr).toFixed(3)}`);
    expect(headroom).toContain('Gap to the full oracle (hidden traits, not reachable)');
    // The achievable gap comes first: it is the headline.
    expect(headroom.indexOf('achievable')).toBeLessThan(headroom.indexOf('not reachable'));
    // The page's first section says the same.
    const html = await renderReportHtml(report);
    const section = html.slice(html.indexOf('Headroom: the gap to what a model can reach'));
    expect(html.indexOf('Headroom: the gap')).toBeLessThan(html.indexOf('Pooled'));
    expect(section).toContain((h.pooled.auc! - dcn.pooled.auc!).toFixed(3));
    expect(section.indexOf('Achievable bound')).toBeLessThan(section.indexOf('hidden traits, not reachable'));
    // Without an oracle there is no headroom to state.
    report.scorers = report.scorers.filter((s) => s.kind !== 'oracle');
    expect(renderReportMarkdown(report)).not.toContain('### Headroom');
    expect(await renderReportHtml(report)).not.toContain('Headroom: the gap');
  });

  it('gives the champion deltas, or says there is no champion', () => {
    const report = reportFixture();
    expect(renderReportMarkdown(report)).toMatch(/\*\*Champion\*\* `2024-05-27-dcn-0f9e8d` → candidate: AUC [\d.]+ → [\d.]+ \([+−±][\d.]+\); logloss/);
    report.champion = null;
    expect(renderReportMarkdown(report)).toContain('no champion yet');
  });

  it('escapes names and notes, and leaks no NaN or null', () => {
    const report = reportFixture();
    report.scorers[1].name = 'mlp|<script>';
    const md = renderReportMarkdown(reloaded(report));
    expect(md).toContain('mlp\\|&lt;script&gt;');
    expect(md).toContain('rebuilt &lt;after&gt; the export &amp; re-read');
    expect(md.match(LEAKS)).toBeNull();
  });
});
