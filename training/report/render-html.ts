/** Renders an evaluation report as one self-contained HTML page in the shell every report shares. */
import { formatCount } from '../../src/report/format.js';
import { renderReportPage } from '../../src/report/report-page.js';
import { scorerStyles } from './charts/scorer-styles.js';
import { caseReferenceSection } from './html/case-reference-section.js';
import { championSection } from './html/champion-section.js';
import { chartsSection } from './html/charts-section.js';
import { headerFacts, headerSubtitle } from './html/header-facts.js';
import { headroomSection } from './html/headroom-section.js';
import { historySection } from './html/history-section.js';
import { notesSection } from './html/notes-section.js';
import { perDaySection } from './html/per-day-section.js';
import { pooledSection } from './html/pooled-section.js';
import { segmentsSection } from './html/segments-section.js';
import type { EvaluationReport } from './report-data.js';

export async function renderReportHtml(report: EvaluationReport): Promise<string> {
  const styles = scorerStyles(report.scorers);
  return renderReportPage({
    title: `Evaluation: ${report.model.architecture} ${report.model.version ?? '(not registered)'}`,
    heading: 'Offline evaluation report',
    subtitle: headerSubtitle(report),
    facts: headerFacts(report),
    sections: [
      ...[headroomSection(report)].filter((s) => s !== null),
      pooledSection(report, styles),
      championSection(report),
      caseReferenceSection(report),
      await chartsSection(report, styles),
      segmentsSection(report, styles),
      perDaySection(report, styles),
      historySection(report),
      notesSection(report),
    ],
    footer: `wealthrec offline evaluation · report format ${formatCount(report.formatVersion)} · created ${report.createdAt} · metrics.json beside this page holds every number shown here.`,
  });
}
