/**
 * The shell every report page shares: one self-contained HTML file (charset, language, inline CSS
 * and SVG, no script, no external asset), so it opens offline, from a mail attachment or a CI
 * artefact alike. A report supplies its title, header facts and sections.
 */
import { escapeHtml } from './escape-html.js';
import { renderFigures, type Figure } from './figure.js';
import { renderTable, type HtmlTable } from './html-table.js';
import { toHtml, type Html } from './html.js';
import { REPORT_CSS } from './report-css.js';

export interface Fact {
  term: string;
  value: string | Html;
}

/** What a section holds, in order: markup, a table, a paragraph of text, or a grid of charts. */
export type Fragment = Html | { table: HtmlTable } | { text: string; hint?: boolean } | { figures: readonly Figure[] };

export interface ReportSection {
  /** The section's id, for links into the page. */
  id: string;
  title: string;
  content: readonly Fragment[];
}

export interface ReportPage {
  /** The page's <title>. */
  title: string;
  /** The <h1>; the title when absent. */
  heading?: string;
  subtitle?: string | Html;
  facts: readonly Fact[];
  sections: readonly ReportSection[];
  footer: string;
}

function fragment(f: Fragment): string {
  if ('html' in f) return f.html;
  if ('table' in f) return renderTable(f.table);
  if ('figures' in f) return renderFigures(f.figures);
  return `<p${f.hint ? ' class="hint"' : ''}>${escapeHtml(f.text)}</p>`;
}

function header(page: ReportPage): string {
  const subtitle = page.subtitle === undefined ? '' : `\n<p class="subtitle">${toHtml(page.subtitle)}</p>`;
  const facts = page.facts.map((f) => `<dt>${escapeHtml(f.term)}</dt><dd>${toHtml(f.value)}</dd>`).join('\n');
  return `<header>\n<h1>${escapeHtml(page.heading ?? page.title)}</h1>${subtitle}\n<dl class="facts">\n${facts}\n</dl>\n</header>`;
}

export function renderReportPage(page: ReportPage): string {
  const sections = page.sections.map(
    (s) => `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.content.map(fragment).join('\n')}\n</section>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${header(page)}
${sections.join('\n')}
<footer>${escapeHtml(page.footer)}</footer>
</main>
</body>
</html>
`;
}
