/** Inline SVG charts for the evaluation report: pure functions from report data to markup, no script, no external assets. */
export { escapeXml } from './escape-xml.js';
export { gainChart } from './gain-chart.js';
export { perDayChart, perDayValue, type PerDayMetric } from './per-day-chart.js';
export { calibratedScorers, reliabilityChart, reliabilityPoints } from './reliability-chart.js';
export { rocChart } from './roc-chart.js';
export { seriesStyles, type SeriesStyle, type SeriesStyles } from './series-style.js';
