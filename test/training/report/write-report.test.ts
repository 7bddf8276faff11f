/** writeReport: three files, no leftovers, metrics.json reads back as the report, and a report that fails to render leaves the previous one intact. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../training/report/render-html.js';
import { renderReportMarkdown } from '../../../training/report/render-markdown.js';
import type { EvaluationReport } from '../../../training/report/report-data.js';
import { writeReport } from '../../../training/report/write-report.js';
import { reportFixture } from './report-fixture.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wealthrec-report-'));
  made.push(dir);
  return dir;
}

async function contents(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)));
}

describe('writeReport', () => {
  it('writes metrics.json, report.html and report.md into a new directory and leaves no .partial file', async () => {
    const dir = join(await tempDir(), 'runs', 'latest');
    const report = reportFixture();
    const paths = await writeReport(dir, report);
    expect(paths).toEqual({ json: join(dir, 'metrics.json'), html: join(dir, 'report.html'), markdown: join(dir, 'report.md') });
    expect((await readdir(dir)).sort()).toEqual(['metrics.json', 'report.html', 'report.md']);
    expect(await readFile(paths.html, 'utf8')).toBe(await renderReportHtml(report));
    expect(await readFile(paths.markdown, 'utf8')).toBe(renderReportMarkdown(report));
    // Round trip: the JSON is the report, NaN turned into null as the report's types allow.
    const json = await readFile(paths.json, 'utf8');
    expect(json).toContain('\n  "formatVersion": 1,');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('replaces an earlier report in place, every file of it', async () => {
    const dir = await tempDir();
    const report = reportFixture();
    await writeReport(dir, report);
    report.notes = ['second run'];
    const paths = await writeReport(dir, report);
    expect(await readFile(paths.markdown, 'utf8')).toContain('- second run');
    expect(await readFile(paths.html, 'utf8')).toContain('<li>second run</li>');
    expect(JSON.parse(await readFile(paths.json, 'utf8')).notes).toEqual(['second run']);
    expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('leaves the previous report intact when the new one fails to render', async () => {
    const dir = await tempDir();
    await writeReport(dir, reportFixture());
    const before = await contents(dir);
    // A metrics.json from some other tool, without test days: the page cannot be rendered.
    const broken = { ...reportFixture(), data: { ...reportFixture().data, testDays: undefined } } as unknown as EvaluationReport;
    await expect(writeReport(dir, broken)).rejects.toThrow();
    expect(await contents(dir)).toEqual(before);
  });
});
