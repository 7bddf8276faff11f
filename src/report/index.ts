/**
 * What every report shares: charts as vega-lite specs rendered to SVG, series styles, the page
 * shell, number formats and the atomic writer. The browser check is not re-exported: it loads
 * playwright-core, a dev dependency; import check-in-browser.js directly.
 */
export { CHART_CONFIG, CHART_FONT } from './chart-config.js';
export { PLOT_SIZE, type Chart, type Layer } from './chart.js';
export { escapeHtml } from './escape-html.js';
export { renderFigures, type Figure } from './figure.js';
export { finitePoints, nonFiniteValueIn } from './finite-data.js';
export { formatCount, formatDelta, formatMetric, formatPercent, formatSeconds, isNumber, NOT_AVAILABLE, type MaybeNumber } from './format.js';
export { guideLabel, guideLine, GUIDE_COLOR, type GuidePoint, type LabelPlacement } from './guides.js';
export { renderTable, type HtmlTable, type TableColumn, type TableRow } from './html-table.js';
export { toHtml, trusted, type Html } from './html.js';
export { renderChart } from './render-chart.js';
export { renderReportPage, type Fact, type Fragment, type ReportPage, type ReportSection } from './report-page.js';
export { seriesEncoding, seriesRows, type SeriesLegend } from './series-encoding.js';
export { seriesLines, seriesMarkers, type LineOptions, type MarkerOptions, type PlottedSeries, type SeriesPoint } from './series-layers.js';
export { drawingOrder, seriesStyles, SOLID, type SeriesRole, type SeriesStyle, type SeriesStyles } from './series-style.js';
export { swatch } from './swatch.js';
export { unitAxis } from './unit-axis.js';
export { writeReportFiles, type ReportFile } from './write-report-files.js';
