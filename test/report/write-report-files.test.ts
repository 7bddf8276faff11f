/** writeReportFiles: every file whole under its name or none, no partial file left, the earlier report replaced whole or kept whole. */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeReportFiles } from '../../src/report/write-report-files.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wealthrec-report-files-'));
  made.push(dir);
  return dir;
}

describe('writeReportFiles', () => {
  it('writes every file into a new directory, returns their paths by key and leaves no .partial file', async () => {
    const dir = join(await tempDir(), 'reports', 'latest');
    const paths = await writeReportFiles(dir, { json: { name: 'm.json', content: '{"a":1}\n' }, html: { name: 'r.html', content: '<p>é</p>' } });
    expect(paths).toEqual({ json: join(dir, 'm.json'), html: join(dir, 'r.html') });
    expect((await readdir(dir)).sort()).toEqual(['m.json', 'r.html']);
    expect(await readFile(paths.html, 'utf8')).toBe('<p>é</p>');
  });

  it('replaces an earlier report whole: a shorter file leaves nothing of the longer one behind', async () => {
    const dir = await tempDir();
    await writeReportFiles(dir, { md: { name: 'r.md', content: 'first run, a long line of text\n'.repeat(50) } });
    const { md } = await writeReportFiles(dir, { md: { name: 'r.md', content: 'second\n' } });
    expect(await readFile(md, 'utf8')).toBe('second\n');
    expect(await readdir(dir)).toEqual(['r.md']);
  });

  it('leaves the previous report intact when a file cannot be written, and discards the partial files', async () => {
    const dir = await tempDir();
    await writeReportFiles(dir, { json: { name: 'm.json', content: 'old json' }, html: { name: 'r.html', content: 'old html' } });
    // Something squats on the html's partial name: opening it fails after the json's partial is written.
    await mkdir(join(dir, 'r.html.partial'));
    await expect(writeReportFiles(dir, { json: { name: 'm.json', content: 'new json' }, html: { name: 'r.html', content: 'new html' } })).rejects.toThrow();
    expect(await readFile(join(dir, 'm.json'), 'utf8')).toBe('old json');
    expect(await readFile(join(dir, 'r.html'), 'utf8')).toBe('old html');
    expect((await readdir(dir)).sort()).toEqual(['m.json', 'r.html', 'r.html.partial']);
  });

  it('writes nothing when the directory cannot be made', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'taken'), 'a file, not a directory');
    await expect(writeReportFiles(join(root, 'taken', 'report'), { md: { name: 'r.md', content: 'x' } })).rejects.toThrow();
    expect(await readdir(root)).toEqual(['taken']);
  });
});
