/** The report shell: one self-contained page from a title, header facts and sections, every piece of text escaped, markup only where it is marked trusted. */
import { describe, expect, it } from 'vitest';
import { trusted } from '../../src/report/html.js';
import { renderReportPage, type ReportPage } from '../../src/report/report-page.js';
import { seriesStyles } from '../../src/report/series-style.js';

const EVIL = '<img src=x onerror="alert(1)"> & co';
const ESCAPED = '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co';

function page(overrides: Partial<ReportPage> = {}): ReportPage {
  return {
    title: 'Demand model: buys any product within 30 days',
    facts: [
      { term: 'Backend', value: 'wasm · wasm SIMD: yes' },
      { term: 'Model', value: trusted('<code>2024-06-06-mlp-a1b2</code>') },
    ],
    sections: [
      {
        id: 'pooled',
        title: 'Pooled',
        content: [
          { text: 'Each day is scored by models trained before it.' },
          {
            table: {
              columns: [{ label: 'Scorer' }, { label: 'AUC', numeric: true }],
              rows: [{ cells: ['mlp', '0.812'], highlight: true }, { cells: ['rule', 'n/a'] }],
            },
          },
        ],
      },
      { id: 'charts', title: 'Charts', content: [{ figures: [{ title: 'Gain', body: trusted('<svg data-chart="gain"></svg>'), caption: 'Best first.' }] }] },
    ],
    footer: 'metrics.json beside this page holds every number shown here.',
    ...overrides,
  };
}

describe('renderReportPage', () => {
  it('is one self-contained page: doctype, language, charset, title, inline CSS, no script or external asset', () => {
    const html = renderReportPage(page());
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/);
    expect(html).toContain('<title>Demand model: buys any product within 30 days</title>');
    expect(html).toContain('<h1>Demand model: buys any product within 30 days</h1>');
    expect(html).toMatch(/<style>[^<]*font[^<]*<\/style>/);
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|https?:/i);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('states the header facts, then each section under its heading and id, then the footer', () => {
    const html = renderReportPage(page());
    expect(html).toContain('<dt>Backend</dt><dd>wasm · wasm SIMD: yes</dd>');
    expect(html).toContain('<dt>Model</dt><dd><code>2024-06-06-mlp-a1b2</code></dd>');
    const order = [
      '<dl class="facts">',
      '<section id="pooled">\n<h2>Pooled</h2>',
      '<p>Each day is scored',
      '<section id="charts">\n<h2>Charts</h2>',
      '<footer>metrics.json beside',
    ].map((s) => html.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('renders tables with numbers right-aligned, the highlighted row marked, and a swatch in the series column', () => {
    const styles = seriesStyles([{ name: 'day' }, { name: 'mlp' }].map((s) => ({ ...s, role: 'main' as const })));
    const html = renderReportPage(
      page({
        sections: [
          {
            id: 't',
            title: 'T',
            content: [
              {
                table: {
                  columns: [{ label: 'Day' }, { label: 'Scorer' }, { label: 'AUC', numeric: true }],
                  rows: [{ cells: ['2024-06-03', 'mlp', '0.812'], highlight: true, style: styles.get('day') }],
                  seriesColumn: 1,
                },
              },
            ],
          },
        ],
      }),
    );
    expect(html).toContain('<th class="num">AUC</th>');
    expect(html).toMatch(
      /<tr class="candidate"><th scope="row">2024-06-03<\/th><td><span class="swatch" style="background:#1d4ed8" aria-hidden="true"><\/span>mlp<\/td><td class="num">0.812<\/td><\/tr>/,
    );
  });

  it('puts figures in the chart grid with their heading and caption', () => {
    const html = renderReportPage(page());
    expect(html).toContain(
      '<div class="charts">\n<figure>\n<h3>Gain</h3>\n<svg data-chart="gain"></svg>\n<figcaption>Best first.</figcaption>\n</figure>\n</div>',
    );
  });

  it('escapes every piece of text: title, facts, section titles, paragraphs, table cells, captions, footer', () => {
    const html = renderReportPage({
      title: EVIL,
      subtitle: EVIL,
      facts: [{ term: EVIL, value: EVIL }],
      sections: [
        {
          id: '"x"',
          title: EVIL,
          content: [
            { text: EVIL, hint: true },
            { table: { columns: [{ label: EVIL }], rows: [{ cells: [EVIL] }] } },
            { figures: [{ title: EVIL, body: trusted('<svg></svg>'), caption: EVIL }] },
          ],
        },
      ],
      footer: EVIL,
    });
    expect(html).not.toContain('<img');
    // Title (twice: <title> and <h1>), subtitle, fact term and value, section title, paragraph, column, cell, figure title, caption, footer.
    expect(html.split(ESCAPED).length - 1).toBe(12);
    expect(html).toContain('<section id="&quot;x&quot;">');
  });
});
