/** Table cells shared by the report's sections: numbers right-aligned, scorer names with their chart colour. */
import { formatMetric, type MaybeNumber } from '../format.js';
import type { ScorerReport } from '../report-data.js';
import { escapeXml } from '../svg/escape-xml.js';
import type { SeriesStyle, SeriesStyles } from '../svg/series-style.js';

export const e = escapeXml;

export function numberCell(text: string, extraClass = ''): string {
  return `<td class="num${extraClass ? ` ${extraClass}` : ''}">${e(text)}</td>`;
}

export function metricCell(value: MaybeNumber, decimals = 3, extraClass = ''): string {
  return numberCell(formatMetric(value, decimals), extraClass);
}

/** A short line in the scorer's chart colour and dash, so tables and charts read together. */
export function swatch(style: SeriesStyle | undefined): string {
  if (!style) return '';
  const fill = style.dash ? `repeating-linear-gradient(90deg, ${style.color} 0 5px, transparent 5px 8px)` : style.color;
  return `<span class="swatch" style="background:${fill}" aria-hidden="true"></span>`;
}

export function scorerCell(scorer: ScorerReport, styles: SeriesStyles): string {
  return `<th scope="row" class="scorer">${swatch(styles.get(scorer.name))}${e(scorer.name)}</th>`;
}

export function kindLabel(scorer: ScorerReport, candidate: ScorerReport | undefined): string {
  return scorer === candidate ? 'candidate' : scorer.kind;
}

export function rowClass(scorer: ScorerReport, candidate: ScorerReport | undefined): string {
  return scorer === candidate ? ' class="candidate"' : '';
}
