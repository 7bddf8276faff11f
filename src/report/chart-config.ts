/**
 * The vega-lite config every report chart is rendered with: the page's system fonts and muted
 * greys, so charts and tables read as one page. Without a canvas, vega estimates text at 0.8 em a
 * character, well above what a browser draws: legends go under the plot, where that overestimate
 * widens the chart less, with a label limit high enough that no name is cut short.
 */
import type { Config } from 'vega-lite';

export const CHART_FONT = `system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`;

export const CHART_CONFIG: Config = {
  font: CHART_FONT,
  background: '#ffffff',
  padding: 8,
  view: { stroke: '#d1d5db' },
  axis: {
    gridColor: '#e5e7eb',
    domainColor: '#6b7280',
    tickColor: '#6b7280',
    labelColor: '#4b5563',
    labelFontSize: 11,
    titleColor: '#374151',
    titleFontSize: 12,
    titleFontWeight: 'normal',
  },
  legend: { labelFontSize: 12, labelColor: '#111827', labelLimit: 520, orient: 'bottom', direction: 'vertical', columns: 1, symbolSize: 200 },
};
