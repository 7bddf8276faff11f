/**
 * The evaluation report: its data, the renderers and the writer. The browser check that every
 * chart drew is src/report/check-in-browser.js (not re-exported: it loads playwright-core, a dev
 * dependency).
 */
export type { EvaluationReport, ScorerReport, SegmentMetrics } from './report-data.js';
export { renderReportHtml } from './render-html.js';
export { escapeMarkdown, renderReportMarkdown } from './render-markdown.js';
export { writeReport, type WrittenReport } from './write-report.js';
export { REACH_LEVEL, shareToReachOnGain } from './reach-on-gain.js';
