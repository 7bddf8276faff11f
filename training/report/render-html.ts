/**
 * Renders an evaluation report as one self-contained HTML page: inline CSS and SVG, no script,
 * no external asset, so it opens offline, from a mail attachment or a CI artefact alike.
 */
import { formatCount } from './format.js';
import { caseReferenceSection } from './html/case-reference-section.js';
import { e } from './html/cells.js';
import { championSection } from './html/champion-section.js';
import { chartsSection } from './html/charts-section.js';
import { headerSection } from './html/header-section.js';
import { historySection } from './html/history-section.js';
import { notesSection } from './html/notes-section.js';
import { perDaySection } from './html/per-day-section.js';
import { pooledSection } from './html/pooled-section.js';
import { REPORT_CSS } from './html/report-css.js';
import { segmentsSection } from './html/segments-section.js';
import type { EvaluationReport } from './report-data.js';
import { seriesStyles } from './svg/series-style.js';

export function renderReportHtml(report: EvaluationReport): string {
  const styles = seriesStyles(report.scorers);
  const title = `Evaluation: ${report.model.architecture} ${report.model.version ?? '(not registered)'}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${headerSection(report)}
${pooledSection(report, styles)}
${championSection(report)}
${caseReferenceSection(report)}
${chartsSection(report)}
${segmentsSection(report, styles)}
${perDaySection(report, styles)}
${historySection(report)}
${notesSection(report)}
<footer>wealthrec offline evaluation · report format ${formatCount(report.formatVersion)} · created ${e(report.createdAt)} · metrics.json beside this page holds every number shown here.</footer>
</main>
</body>
</html>
`;
}
