/**
 * The vega-lite channels that draw series in their report-wide style. Every series row carries two
 * fields: `series`, its name, which becomes each mark's aria-label (how the browser check and the
 * tests tell series apart), and `legend`, the name with a short detail ("dcn · AUC 0.812"), which
 * the colour, width and dash scales map so the legend shows the detail.
 */
import type { SeriesStyles } from './series-style.js';

export interface SeriesLegend {
  name: string;
  /** The legend text: the name, with a detail when the chart has one. */
  label: string;
}

/** The rows of one series, tagged with its name and legend text. */
export function seriesRows<T extends object>(series: SeriesLegend, points: readonly T[]): Array<T & { series: string; legend: string }> {
  return points.map((p) => ({ ...p, series: series.name, legend: series.label }));
}

/** Colour, width and dash by series, with explicit domains so a series' style never depends on which others the chart shows. */
/** `symbol`: the legend's symbol; left to vega-lite (a circle for points) when absent, so that a marker layer never contradicts a line layer. */
export function seriesEncoding(shown: readonly SeriesLegend[], styles: SeriesStyles, symbol?: 'stroke') {
  const domain = shown.map((s) => s.label);
  const style = (s: SeriesLegend) => {
    const found = styles.get(s.name);
    if (!found) throw new Error(`no style for series ${JSON.stringify(s.name)}: styles are made from the report's full list of series`);
    return found;
  };
  return {
    description: { field: 'series', type: 'nominal' as const },
    color: {
      field: 'legend',
      type: 'nominal' as const,
      scale: { domain, range: shown.map((s) => style(s).color) },
      legend: { title: null, ...(symbol ? { symbolType: symbol } : {}) },
    },
    // Ordinal, with the domain in the legend's order: a point scale would interpolate widths between series.
    strokeWidth: {
      field: 'legend',
      type: 'ordinal' as const,
      sort: null,
      scale: { type: 'ordinal' as const, domain, range: shown.map((s) => style(s).width) },
    },
    strokeDash: { field: 'legend', type: 'nominal' as const, scale: { domain, range: shown.map((s) => [...style(s).dash]) } },
  };
}
