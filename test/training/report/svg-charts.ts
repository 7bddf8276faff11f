/** Reads the report's inline charts back out of HTML with regular expressions: enough for tests, no parser dependency. */

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

/** The data-series values of a chart, as written (still XML-escaped). */
export function seriesIn(chart: ChartMarkup): string[] {
  return [...chart.body.matchAll(/<g data-series="([^"]*)">/g)].map((m) => m[1]);
}

/** The markup of one series' group. */
export function seriesGroup(chart: ChartMarkup, escapedName: string): string {
  const start = chart.body.indexOf(`<g data-series="${escapedName}">`);
  if (start < 0) throw new Error(`no series ${escapedName}`);
  // Series groups hold no nested <g>, so the first </g> closes it.
  return chart.body.slice(start, chart.body.indexOf('</g>', start) + 4);
}
