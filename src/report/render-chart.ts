/**
 * Renders a chart's vega-lite spec to an SVG string in Node: compiled by vega-lite, drawn by a
 * headless vega View with no renderer attached (no browser, no canvas package; text is measured by
 * estimate). The root <svg> gets the chart's data-chart attribute and a <title>, so a page can be
 * checked and read aloud chart by chart.
 */
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { CHART_CONFIG } from './chart-config.js';
import type { Chart } from './chart.js';
import { escapeHtml } from './escape-html.js';
import { nonFiniteValueIn } from './finite-data.js';

/** The logger both libraries call: an error is thrown (vega would otherwise log it and draw a broken chart), a warning printed with the chart's name. */
function chartLogger(chart: string) {
  let level = 0;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]): never {
      const [first] = args;
      throw first instanceof Error ? first : new Error(`chart ${chart}: ${args.join(' ')}`);
    },
    warn(...args: unknown[]) {
      console.warn(`chart ${chart}: ${args.join(' ')}`);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

export async function renderChart(chart: Chart): Promise<string> {
  const problem = nonFiniteValueIn(chart.spec);
  if (problem) throw new Error(`chart ${chart.name}: ${problem}; drop such points before they reach a chart`);
  const logger = chartLogger(chart.name);
  const spec = { ...chart.spec, config: { ...CHART_CONFIG, ...chart.spec.config } };
  const view = new View(parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  if (!svg.startsWith('<svg ')) throw new Error(`chart ${chart.name}: vega returned no <svg> element`);
  const open = svg.indexOf('>') + 1;
  return `<svg data-chart="${escapeHtml(chart.name)}" ${svg.slice(5, open)}<title>${escapeHtml(chart.title)}</title>${svg.slice(open)}`;
}
