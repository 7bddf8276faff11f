/**
 * Writes a report directory: metrics.json (the data), report.html and report.md (renderings of it).
 * Each file goes to `<name>.partial` and is renamed into place, so a crash or a full disk never
 * leaves a half-written file under a final name; metrics.json goes first, since the others can
 * be re-rendered from it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openPartialFile } from '../../src/files/partial-file.js';
import { renderReportHtml } from './render-html.js';
import { renderReportMarkdown } from './render-markdown.js';
import type { EvaluationReport } from './report-data.js';

export interface WrittenReport {
  html: string;
  markdown: string;
  json: string;
}

async function writeWhole(path: string, content: string): Promise<void> {
  const file = await openPartialFile(path);
  try {
    await file.write([content]);
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}

export async function writeReport(dir: string, report: EvaluationReport): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const paths: WrittenReport = { json: join(dir, 'metrics.json'), html: join(dir, 'report.html'), markdown: join(dir, 'report.md') };
  // NaN (a metric over an empty segment) becomes null here, as the report's types allow for.
  await writeWhole(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeWhole(paths.html, renderReportHtml(report));
  await writeWhole(paths.markdown, renderReportMarkdown(report));
  return paths;
}
