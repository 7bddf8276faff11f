/**
 * Reads the report pages' charts back out of HTML with regular expressions: enough for tests, no
 * parser dependency. Vega writes every mark item as one self-closing element whose aria-label is
 * its series' name; guides carry none.
 */

export interface ChartMarkup {
  /** The root <svg ...> tag. */
  open: string;
  /** Everything inside the root <svg>. */
  body: string;
}

export function chartsIn(html: string): Map<string, ChartMarkup> {
  const charts = new Map<string, ChartMarkup>();
  for (const match of html.matchAll(/(<svg\b[^>]*\bdata-chart="([^"]*)"[^>]*>)([\s\S]*?)<\/svg>/g)) {
    charts.set(match[2], { open: match[1], body: match[3] });
  }
  return charts;
}

export type Attributes = Record<string, string>;

function attributes(tag: string): Attributes {
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** Every mark item that names its series, in drawing order, with its attributes (values as written, still escaped). */
export function markItems(chart: ChartMarkup): Attributes[] {
  return [...chart.body.matchAll(/<(?!g\b)\w+\b[^>]*\brole="graphics-symbol"[^>]*>/g)]
    .map((m) => attributes(m[0]))
    .filter((a) => a['aria-label'] !== undefined);
}

/** The series a chart draws: the distinct aria-labels of its mark items. */
export function seriesIn(chart: ChartMarkup): string[] {
  return [...new Set(markItems(chart).map((a) => a['aria-label']))];
}

/** A series' line paths. */
export function linesOf(chart: ChartMarkup, escapedName: string): Attributes[] {
  return markItems(chart).filter((a) => a['aria-label'] === escapedName && a['aria-roledescription'] === 'line mark');
}

/** A series' point markers. */
export function markersOf(chart: ChartMarkup, escapedName: string): Attributes[] {
  return markItems(chart).filter((a) => a['aria-label'] === escapedName && a['aria-roledescription'] === 'point');
}

function textsIn(markup: string): string[] {
  return [...markup.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

/** The legend's labels, in order. */
export function legendLabels(chart: ChartMarkup): string[] {
  return [...chart.body.matchAll(/<g class="mark-text role-legend-label"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((m) => textsIn(m[1]));
}

/** The tick labels of the x or y axis. */
export function axisLabels(chart: ChartMarkup, axis: 'X' | 'Y'): string[] {
  const start = chart.body.indexOf(`aria-label="${axis}-axis`);
  if (start < 0) throw new Error(`no ${axis} axis`);
  const labels = chart.body.slice(start).match(/<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/);
  return labels ? textsIn(labels[1]) : [];
}

/** Every text the chart writes, guides' labels included. */
export function textsOf(chart: ChartMarkup): string[] {
  return textsIn(chart.body);
}
