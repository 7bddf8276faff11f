/** Table cells shared by the evaluation report's sections: numbers right-aligned, scorer names with their chart colour. */
import { escapeHtml } from '../../../src/report/escape-html.js';
import { formatMetric, type MaybeNumber } from '../../../src/report/format.js';
import type { SeriesStyles } from '../../../src/report/series-style.js';
import { swatch } from '../../../src/report/swatch.js';
import type { ScorerReport } from '../report-data.js';

export const e = escapeHtml;

export function numberCell(text: string, extraClass = ''): string {
  return `<td class="num${extraClass ? ` ${extraClass}` : ''}">${e(text)}</td>`;
}

export function metricCell(value: MaybeNumber, decimals = 3, extraClass = ''): string {
  return numberCell(formatMetric(value, decimals), extraClass);
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
