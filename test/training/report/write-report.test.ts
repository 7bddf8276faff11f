/** writeReport: three files, no leftovers, and metrics.json reads back as the report. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../training/report/render-html.js';
import { renderReportMarkdown } from '../../../training/report/render-markdown.js';
import { writeReport } from '../../../training/report/write-report.js';
import { reportFixture } from './report-fixture.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('writeReport', () => {
  it('writes metrics.json, report.html and report.md into a new directory and leaves no .partial file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'wealthrec-report-'));
    made.push(root);
    const dir = join(root, 'runs', 'latest');
    const report = reportFixture();
    const paths = await writeReport(dir, report);
    expect(paths).toEqual({ json: join(dir, 'metrics.json'), html: join(dir, 'report.html'), markdown: join(dir, 'report.md') });
    expect((await readdir(dir)).sort()).toEqual(['metrics.json', 'report.html', 'report.md']);
    expect(await readFile(paths.html, 'utf8')).toBe(renderReportHtml(report));
    expect(await readFile(paths.markdown, 'utf8')).toBe(renderReportMarkdown(report));
    // Round trip: the JSON is the report, NaN turned into null as the report's types allow.
    const json = await readFile(paths.json, 'utf8');
    expect(json).toContain('\n  "formatVersion": 1,');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('replaces an earlier report in place', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wealthrec-report-'));
    made.push(dir);
    const report = reportFixture();
    await writeReport(dir, report);
    report.notes = ['second run'];
    const paths = await writeReport(dir, report);
    expect(await readFile(paths.markdown, 'utf8')).toContain('- second run');
    expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
