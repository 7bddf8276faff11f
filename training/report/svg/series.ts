/** One scorer's line: a <g data-series> holding a polyline and, where asked, point markers, so that even a single point draws. */
import { coordinate } from './coordinate.js';
import { escapeXml } from './escape-xml.js';
import type { Scale } from './scale.js';
import { strokeAttributes, type SeriesStyle } from './series-style.js';

export interface SeriesPoint {
  x: number;
  y: number;
  /** Marker radius in pixels for this point; defaults to the series' marker radius. */
  radius?: number;
  /** Hover text for this point's marker. */
  label?: string;
}

export interface SeriesOptions {
  /** Marker radius; 0 for a bare line. A lone point always gets a marker, or it would not draw. */
  markerRadius?: number;
  /** Extra SVG drawn inside the series' group, e.g. the point where it reaches 80%. */
  extra?: string;
}

export function series(name: string, style: SeriesStyle, points: readonly SeriesPoint[], x: Scale, y: Scale, options: SeriesOptions = {}): string {
  const c = coordinate;
  const radius = options.markerRadius ?? 0;
  const line =
    points.length >= 2 ? `<polyline fill="none" ${strokeAttributes(style)} points="${points.map((p) => `${c(x(p.x))},${c(y(p.y))}`).join(' ')}"/>` : '';
  const markers = points
    .map((p) => {
      const r = p.radius ?? (radius > 0 ? radius : points.length === 1 ? 3.5 : 0);
      if (r <= 0) return '';
      const hover = p.label ? `<title>${escapeXml(p.label)}</title>` : '';
      return `<circle cx="${c(x(p.x))}" cy="${c(y(p.y))}" r="${c(r)}" fill="${style.color}" fill-opacity="0.85" stroke="#ffffff" stroke-width="1">${hover}</circle>`;
    })
    .join('');
  return `<g data-series="${escapeXml(name)}"><title>${escapeXml(name)}</title>${line}${markers}${options.extra ?? ''}</g>`;
}
