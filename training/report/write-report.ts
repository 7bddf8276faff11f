/** Writes an evaluation report directory: metrics.json (the data), report.html and report.md (renderings of it), all or nothing. */
import { writeReportFiles } from '../../src/report/write-report-files.js';
import { renderReportHtml } from './render-html.js';
import { renderReportMarkdown } from './render-markdown.js';
import type { EvaluationReport } from './report-data.js';

export interface WrittenReport {
  html: string;
  markdown: string;
  json: string;
}

export async function writeReport(dir: string, report: EvaluationReport): Promise<WrittenReport> {
  return writeReportFiles(dir, {
    // NaN (a metric over an empty segment) becomes null here, as the report's types allow for.
    json: { name: 'metrics.json', content: `${JSON.stringify(report, null, 2)}\n` },
    html: { name: 'report.html', content: await renderReportHtml(report) },
    markdown: { name: 'report.md', content: renderReportMarkdown(report) },
  });
}
