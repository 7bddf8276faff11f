/** A short line in a series' chart colour and dash, so that tables and charts read together. */
import type { SeriesStyle } from './series-style.js';

export function swatch(style: SeriesStyle | undefined): string {
  if (!style) return '';
  const [dash, gap] = style.dash;
  const fill = gap > 0 ? `repeating-linear-gradient(90deg, ${style.color} 0 ${dash}px, transparent ${dash}px ${dash + gap}px)` : style.color;
  return `<span class="swatch" style="background:${fill}" aria-hidden="true"></span>`;
}
