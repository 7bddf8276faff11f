/**
 * Thin grey guides drawn under the series: the random or perfect-calibration diagonal, a target
 * level, and short labels on them. They inherit the chart's x and y encodings (fields `x`, `y`)
 * and are hidden from assistive technology and from the browser check, which count series only.
 */
import type { Layer } from './chart.js';

export const GUIDE_COLOR = '#9ca3af';
const LABEL_COLOR = '#6b7280';

export interface GuidePoint {
  x: number | string;
  y: number;
}

/** A dashed line through the points, in their order. */
export function guideLine(points: readonly GuidePoint[], dash: readonly number[] = [4, 4]): Layer {
  return {
    data: { values: points.map((p, order) => ({ ...p, order })) },
    mark: { type: 'line', color: GUIDE_COLOR, strokeWidth: 1.25, strokeDash: [...dash], aria: false },
    encoding: { order: { field: 'order', type: 'quantitative' } },
  };
}

export interface LabelPlacement {
  /** Degrees, clockwise. */
  angle?: number;
  dx?: number;
  dy?: number;
  align?: 'left' | 'center' | 'right';
  color?: string;
  fontWeight?: 'normal' | 'bold';
}

export function guideLabel(at: GuidePoint, text: string, placement: LabelPlacement = {}): Layer {
  const { color = LABEL_COLOR, align = 'center', ...rest } = placement;
  return {
    data: { values: [{ ...at, text }] },
    mark: { type: 'text', fontSize: 11, color, align, ...rest, aria: false },
    encoding: { text: { field: 'text', type: 'nominal' } },
  };
}
