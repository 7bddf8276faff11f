/** A plain table for a report page: escaped text cells, numbers right-aligned, a highlighted row, a colour swatch before a series' name. */
import { escapeHtml } from './escape-html.js';
import type { SeriesStyle } from './series-style.js';
import { swatch } from './swatch.js';

export interface TableColumn {
  label: string;
  numeric?: boolean;
}

export interface TableRow {
  cells: readonly string[];
  /** The model under evaluation: shaded and bold. */
  highlight?: boolean;
  /** A swatch in the series' chart style, drawn before the series' name. */
  style?: SeriesStyle;
}

export interface HtmlTable {
  columns: readonly TableColumn[];
  rows: readonly TableRow[];
  /** The column holding series names, where a row's swatch goes; the first by default. */
  seriesColumn?: number;
}

export function renderTable(table: HtmlTable): string {
  const cls = (c: TableColumn | undefined) => (c?.numeric ? ' class="num"' : '');
  const head = table.columns.map((c) => `<th${cls(c)}>${escapeHtml(c.label)}</th>`).join('');
  const rows = table.rows.map((row) => {
    const cells = row.cells.map((cell, i) => {
      const text = `${i === (table.seriesColumn ?? 0) ? swatch(row.style) : ''}${escapeHtml(cell)}`;
      return i === 0 ? `<th scope="row">${text}</th>` : `<td${cls(table.columns[i])}>${text}</td>`;
    });
    return `<tr${row.highlight ? ' class="candidate"' : ''}>${cells.join('')}</tr>`;
  });
  return `<div class="table-wrap"><table class="metrics">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}
