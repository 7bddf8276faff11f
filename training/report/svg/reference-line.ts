/** Thin grey guides drawn under the series: the random or perfect-calibration diagonal, a target level. */
import { coordinate } from './coordinate.js';
import { escapeXml } from './escape-xml.js';
import type { Scale } from './scale.js';

/** A white outline under text, so a label stays legible where a line runs through it. */
export const TEXT_HALO = 'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"';

export interface ReferenceLine {
  from: readonly [number, number];
  to: readonly [number, number];
  /** Short text written along the line. */
  label?: string;
  /** Where along the line the label sits, 0 (from) to 1 (to); default 0.5. */
  labelAt?: number;
  /** Which side of the line the label goes, seen walking from `from` to `to` left to right; default below. */
  labelSide?: 'above' | 'below';
  dash?: string;
}

export function referenceLine(line: ReferenceLine, x: Scale, y: Scale): string {
  const c = coordinate;
  const [x1, y1, x2, y2] = [x(line.from[0]), y(line.from[1]), x(line.to[0]), y(line.to[1])];
  const stroke = `<line x1="${c(x1)}" y1="${c(y1)}" x2="${c(x2)}" y2="${c(y2)}" stroke="#9ca3af" stroke-width="1.25" stroke-dasharray="${line.dash ?? '4 4'}"/>`;
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (!line.label || length === 0) return `<g class="reference">${stroke}</g>`;
  // The text follows the line's angle, pushed off it along the normal so it never sits on the dashes.
  const [dx, dy] = [(x2 - x1) / length, (y2 - y1) / length];
  const t = line.labelAt ?? 0.5;
  const offset = line.labelSide === 'above' ? -5 : 12;
  const tx = x1 + t * (x2 - x1) - dy * offset;
  const ty = y1 + t * (y2 - y1) + dx * offset;
  const angle = (Math.atan2(dy, dx) * 180) / Math.PI;
  const text = `<text transform="translate(${c(tx)} ${c(ty)}) rotate(${c(angle)})" text-anchor="middle" font-size="11" fill="#6b7280" ${TEXT_HALO}>${escapeXml(line.label)}</text>`;
  return `<g class="reference">${stroke}${text}</g>`;
}
