/**
 * The skeleton every chart shares: the root <svg> with its data-chart and <title>, grid lines,
 * axes with ticks and titles, and the legend. A chart supplies its scales' domains and draws its
 * body (reference lines, then series) with the scales it is handed.
 */
import { coordinate } from './coordinate.js';
import { escapeXml } from './escape-xml.js';
import { legend, legendHeight, LEGEND_WIDTH, type LegendItem } from './legend.js';
import { linearScale, type Scale } from './scale.js';

export interface Axis {
  domain: readonly [number, number];
  ticks: ReadonlyArray<{ value: number; label: string }>;
  title: string;
  /** Pixels kept free at both ends, so markers on the first and last value clear the axes. */
  inset?: number;
}

export interface FrameOptions {
  /** The data-chart attribute: how a checker finds the chart. */
  chart: string;
  /** The <title>: what a screen reader announces and a browser shows on hover. */
  title: string;
  plotWidth: number;
  plotHeight: number;
  x: Axis;
  y: Axis;
  legend: readonly LegendItem[];
}

const MARGIN = { top: 12, right: 8, bottom: 46, left: 54 };
const LEGEND_GAP = 20;
const FONT = `system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`;

export function chartFrame(options: FrameOptions, body: (x: Scale, y: Scale) => string): string {
  const { plotWidth, plotHeight } = options;
  const left = MARGIN.left;
  const top = MARGIN.top;
  const right = left + plotWidth;
  const bottom = top + plotHeight;
  const width = right + LEGEND_GAP + LEGEND_WIDTH + MARGIN.right;
  const height = Math.max(bottom + MARGIN.bottom, top + legendHeight(options.legend) + MARGIN.right);
  const xInset = options.x.inset ?? 0;
  const yInset = options.y.inset ?? 0;
  const x = linearScale(options.x.domain, [left + xInset, right - xInset]);
  const y = linearScale(options.y.domain, [bottom - yInset, top + yInset]);
  const c = coordinate;

  const xTicks = options.x.ticks
    .map((t) => {
      const at = c(x(t.value));
      return (
        `<line x1="${at}" y1="${top}" x2="${at}" y2="${bottom}" stroke="#e5e7eb"/>` +
        `<line x1="${at}" y1="${bottom}" x2="${at}" y2="${bottom + 5}" stroke="#6b7280"/>` +
        `<text x="${at}" y="${bottom + 18}" text-anchor="middle" font-size="11" fill="#4b5563">${escapeXml(t.label)}</text>`
      );
    })
    .join('');
  const yTicks = options.y.ticks
    .map((t) => {
      const at = c(y(t.value));
      return (
        `<line x1="${left}" y1="${at}" x2="${right}" y2="${at}" stroke="#e5e7eb"/>` +
        `<line x1="${left - 5}" y1="${at}" x2="${left}" y2="${at}" stroke="#6b7280"/>` +
        `<text x="${left - 8}" y="${c(y(t.value) + 4)}" text-anchor="end" font-size="11" fill="#4b5563">${escapeXml(t.label)}</text>`
      );
    })
    .join('');
  const axes =
    `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#6b7280"/>` +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#6b7280"/>` +
    `<text x="${c((left + right) / 2)}" y="${bottom + 38}" text-anchor="middle" font-size="12" fill="#374151">${escapeXml(options.x.title)}</text>` +
    `<text transform="translate(14 ${c((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="12" fill="#374151">${escapeXml(options.y.title)}</text>`;

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" data-chart="${escapeXml(options.chart)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" font-family="${escapeXml(FONT)}">` +
    `<title>${escapeXml(options.title)}</title>` +
    `<rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="#ffffff"/>` +
    xTicks +
    yTicks +
    axes +
    `<g class="plot">${body(x, y)}</g>` +
    legend(options.legend, right + LEGEND_GAP, top) +
    `</svg>`
  );
}
