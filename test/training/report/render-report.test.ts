/** The report's HTML and Markdown renderings of the fixture, read back with regular expressions. */
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../training/report/render-html.js';
import { renderReportMarkdown } from '../../../training/report/render-markdown.js';
import type { EvaluationReport } from '../../../training/report/report-data.js';
import { reportFixture, TEST_DAYS } from './report-fixture.js';
import { chartsIn, seriesGroup, seriesIn } from './svg-charts.js';

const CHARTS = ['roc', 'gain', 'reliability', 'per-day-auc', 'per-day-mrr'];
const LEAKS = /\bNaN\b|\bundefined\b|\bnull\b|Infinity|\[object /;

/** What a report looks like after a trip through metrics.json: NaN has become null. */
function reloaded(report: EvaluationReport): EvaluationReport {
  return JSON.parse(JSON.stringify(report)) as EvaluationReport;
}

describe('renderReportHtml', () => {
  it('is one self-contained page: charset, language, inline CSS, no script, no external asset', () => {
    const html = renderReportHtml(reportFixture());
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
  });

  it('draws every chart, each with a title and one series per scorer', () => {
    const report = reportFixture();
    const charts = chartsIn(renderReportHtml(report));
    expect([...charts.keys()]).toEqual(CHARTS);
    const names = report.scorers.map((s) => s.name);
    for (const chart of CHARTS) {
      expect(charts.get(chart)!.body, chart).toMatch(/^<title>[^<]+<\/title>/);
      const expected = chart === 'reliability' ? names.filter((n) => n !== 'popularity') : names;
      expect(seriesIn(charts.get(chart)!).sort(), chart).toEqual([...expected].sort());
    }
  });

  it('leaks no NaN, null or undefined, whether metrics are NaN in memory or null from metrics.json', () => {
    const report = reportFixture();
    // The fixture's risk level 5 has no purchase: its MRR and hit rates are NaN, its AUC null.
    expect(report.scorers[0].byRiskLevel['5'].ranking.mrr).toBeNaN();
    expect(report.scorers[0].byRiskLevel['5'].auc).toBeNull();
    for (const version of [report, reloaded(report)]) {
      const html = renderReportHtml(version);
      expect(html.match(LEAKS)).toBeNull();
      expect(html).toContain('n/a');
    }
  });

  it('escapes scorer names and notes', () => {
    const report = reportFixture();
    report.scorers[1].name = '<script>alert("x")</script>';
    report.notes.push('Logloss < 0.5 & "good" for <b>new</b> customers');
    const html = renderReportHtml(report);
    expect(html).not.toMatch(/<script|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Logloss &lt; 0.5 &amp; &quot;good&quot; for &lt;b&gt;new&lt;/b&gt; customers');
    expect(seriesIn(chartsIn(html).get('roc')!)).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('leaves scorers without reliability points out of the reliability diagram, and the diagram out when none has any', () => {
    const report = reportFixture();
    expect(seriesIn(chartsIn(renderReportHtml(report)).get('reliability')!)).not.toContain('popularity');
    for (const s of report.scorers) s.curves.reliability = [];
    const html = renderReportHtml(report);
    expect(chartsIn(html).has('reliability')).toBe(false);
    expect(html).toContain('no reliability diagram');
  });

  it('skips a day whose AUC does not exist instead of drawing it', () => {
    const report = reportFixture();
    report.scorers[0].perDay[TEST_DAYS[1]].auc = null;
    const charts = chartsIn(renderReportHtml(report));
    const markers = (chart: string) => (seriesGroup(charts.get(chart)!, 'dcn').match(/<circle /g) ?? []).length;
    expect(markers('per-day-auc')).toBe(2);
    expect(markers('per-day-mrr')).toBe(3);
  });

  it('gives each scorer the same colour in every chart; the candidate is widest, the oracle dashed', () => {
    const charts = chartsIn(renderReportHtml(reportFixture()));
    const stroke = (chart: string, name: string) => seriesGroup(charts.get(chart)!, name).match(/<polyline fill="none" ([^>]*?) points=/)![1];
    for (const name of ['dcn', 'mlp', 'oracle']) {
      const strokes = new Set(CHARTS.map((chart) => stroke(chart, name)));
      expect(strokes.size, name).toBe(1);
    }
    expect(stroke('roc', 'dcn')).toContain('stroke-width="3"');
    expect(stroke('roc', 'oracle')).toContain('stroke-dasharray');
    expect(stroke('roc', 'mlp')).not.toBe(stroke('roc', 'popularity'));
  });

  it('marks where each scorer reaches 80% of purchases on the gain chart', () => {
    const gain = chartsIn(renderReportHtml(reportFixture())).get('gain')!;
    expect(gain.body).toContain('80% of purchases');
    expect(gain.body.match(/80% reached at \d+%/g)).toHaveLength(4);
  });

  it('states the header facts, the case figures as the case’s own, and the champion deltas', () => {
    const report = reportFixture();
    const html = renderReportHtml(report);
    for (const fact of ['2024-06-06-dcn-a1b2c3', 'dcn', 'wasm SIMD: yes', 'sha256:9f2c4e1d7a3b5c6d', '2024-01-02 to 2024-06-04', '1,284,530 training', '12 min 34 s']) {
      expect(html).toContain(fact);
    }
    expect(html).toContain('Hengfeng Bank');
    expect(html).toContain('not comparable one-to-one');
    for (const figure of ['0.89', '0.45', '0.78', '0.80', '0.73', '0.32', '0.92', '0.38', '0.88']) expect(html).toContain(`>${figure}<`);
    const auc = (report.scorers[0].pooled.auc ?? 0) - (report.champion!.pooled.auc ?? 0);
    expect(html).toContain(`${auc < 0 ? '−' : '+'}${Math.abs(auc).toFixed(3)}`);
  });

  it('says "not registered" and "no champion yet" when there is neither', () => {
    const report = reportFixture();
    report.model.version = null;
    report.champion = null;
    const html = renderReportHtml(report);
    expect(html).toContain('not registered');
    expect(html).toContain('No champion yet');
  });

  it('renders degenerate reports without throwing: one test day, empty curves, no scorer at all', () => {
    const oneDay = reportFixture();
    oneDay.data.testDays = [TEST_DAYS[0]];
    for (const s of oneDay.scorers) s.curves = { roc: [], gain: [], reliability: [] };
    const html = renderReportHtml(reloaded(oneDay));
    expect(seriesIn(chartsIn(html).get('per-day-auc')!)).toHaveLength(4);
    expect(html.match(LEAKS)).toBeNull();
    const empty = { ...reportFixture(), scorers: [], history: [], notes: [] };
    const bare = renderReportHtml(empty);
    expect([...chartsIn(bare).keys()]).toEqual(['roc', 'gain', 'per-day-auc', 'per-day-mrr']);
    expect(bare).toContain('No training history recorded.');
    expect(bare.match(LEAKS)).toBeNull();
    expect(renderReportMarkdown(empty).match(LEAKS)).toBeNull();
  });

  it('highlights the candidate in the headline table and formats numbers', () => {
    const report = reportFixture();
    const html = renderReportHtml(report);
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
    expect(table).toContain(`| dcn | ${fresh.auc!.toFixed(3)} | ${fresh.ranking.mrr.toFixed(3)} | ${existing.auc!.toFixed(3)} | ${existing.ranking.mrr.toFixed(3)} |`);
    expect(table).toContain('| oracle |');
    expect(table).not.toContain('mlp');
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
