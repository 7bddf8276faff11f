/** Charts laid out in a grid, each in a figure with its heading and a line on how to read it. */
import { escapeHtml } from './escape-html.js';
import { toHtml, type Html } from './html.js';

export interface Figure {
  title: string;
  /** A rendered chart (renderChart), or markup saying why there is none. */
  body: Html;
  caption: string | Html;
}

export function renderFigures(figures: readonly Figure[]): string {
  const each = figures.map((f) => `<figure>\n<h3>${escapeHtml(f.title)}</h3>\n${f.body.html}\n<figcaption>${toHtml(f.caption)}</figcaption>\n</figure>`);
  return `<div class="charts">\n${each.join('\n')}\n</div>`;
}
