/** The legend column to the right of a chart's plot: a line sample in the series' style, its name, and an optional second line. */
import { escapeXml } from './escape-xml.js';
import { strokeAttributes, type SeriesStyle } from './series-style.js';

export interface LegendItem {
  name: string;
  style: SeriesStyle;
  /** A short second line under the name, e.g. where the series reaches 80% of purchases. */
  detail?: string;
}

export const LEGEND_WIDTH = 176;
const ROW = 20;
const DETAIL_ROW = 14;
const MAX_NAME_CHARS = 24;

export function legendHeight(items: readonly LegendItem[]): number {
  return items.reduce((h, item) => h + ROW + (item.detail ? DETAIL_ROW : 0), 0);
}

/** Legend entries carry data-legend, not data-series, so a checker counting drawn series does not count them. */
export function legend(items: readonly LegendItem[], left: number, top: number): string {
  let y = top;
  const rows = items.map((item) => {
    const shown = item.name.length > MAX_NAME_CHARS ? `${item.name.slice(0, MAX_NAME_CHARS - 1)}…` : item.name;
    const middle = y + ROW / 2;
    const row =
      `<g data-legend="${escapeXml(item.name)}"><title>${escapeXml(item.name)}</title>` +
      `<line x1="${left}" y1="${middle}" x2="${left + 24}" y2="${middle}" ${strokeAttributes(item.style)}/>` +
      `<text x="${left + 30}" y="${middle + 4}" font-size="12" fill="#111827"${item.style.prominent ? ' font-weight="600"' : ''}>${escapeXml(shown)}</text>` +
      (item.detail ? `<text x="${left + 30}" y="${middle + 4 + DETAIL_ROW}" font-size="11" fill="#4b5563">${escapeXml(item.detail)}</text>` : '') +
      `</g>`;
    y += ROW + (item.detail ? DETAIL_ROW : 0);
    return row;
  });
  return `<g class="legend">${rows.join('')}</g>`;
}
