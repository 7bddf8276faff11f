/**
 * The layers that draw series: a line per series through its points in their given order, and
 * point markers. Rows go in drawing order (the prominent series last, on top); the legend keeps
 * the order the series were given in.
 */
import type { Layer } from './chart.js';
import { seriesEncoding, seriesRows, type SeriesLegend } from './series-encoding.js';
import { drawingOrder, type SeriesStyles } from './series-style.js';

export interface SeriesPoint {
  x: number | string;
  y: number | string;
  /** What sizes the marker, e.g. the rows in a reliability bin. */
  weight?: number;
}

export interface PlottedSeries extends SeriesLegend {
  points: readonly SeriesPoint[];
}

function rows(series: readonly PlottedSeries[], styles: SeriesStyles) {
  return drawingOrder(series, styles).flatMap((s) =>
    seriesRows(
      s,
      s.points.map((p, order) => ({ ...p, order })),
    ),
  );
}

export interface LineOptions {
  /** Also mark every point, so a series with a single point still shows. */
  markers?: boolean;
}

export function seriesLines(series: readonly PlottedSeries[], styles: SeriesStyles, options: LineOptions = {}): Layer {
  return {
    data: { values: rows(series, styles) },
    mark: { type: 'line', strokeJoin: 'round', strokeCap: 'round', ...(options.markers ? { point: { filled: true, size: 40 } } : {}) },
    encoding: { order: { field: 'order', type: 'quantitative' }, ...seriesEncoding(series, styles, 'stroke') },
  };
}

export interface MarkerOptions {
  /** Marker area in square pixels; with `weight` on the points, the range the weights map onto (area grows with weight). */
  size?: number | readonly [number, number];
  /** Markers ringed in the series' colour on a white fill, rather than filled with it. */
  ring?: boolean;
}

export function seriesMarkers(series: readonly PlottedSeries[], styles: SeriesStyles, options: MarkerOptions = {}): Layer {
  const { description, color } = seriesEncoding(series, styles);
  const size = options.size ?? 48;
  const weights = series.flatMap((s) => s.points.map((p) => p.weight ?? 0));
  const sizeChannel =
    typeof size === 'number'
      ? { size: { value: size } }
      : { size: { field: 'weight', type: 'quantitative' as const, scale: { domain: [0, Math.max(1, ...weights)], range: [...size] }, legend: null } };
  // Unfilled, the colour goes to the ring; the white fill hides the line running under it.
  const mark = options.ring
    ? { type: 'point' as const, shape: 'circle', filled: false, fill: '#ffffff', strokeWidth: 2, opacity: 1 }
    : { type: 'point' as const, shape: 'circle', filled: true, stroke: '#ffffff', strokeWidth: 1, opacity: 0.85 };
  return { data: { values: rows(series, styles) }, mark, encoding: { description, color, ...sizeChannel } };
}
