/**
 * Writes a report's files (JSON, HTML, Markdown) so that a reader never sees a half-written one.
 * The caller renders everything before calling, so a rendering error touches no file. Every file
 * is then handed whole to its `<name>.partial` before the first one is committed (flushed to disk,
 * renamed into place): a failure until then discards every partial file and leaves the previous
 * report as it was. A failure during the commits (a full disk noticed at the flush) leaves the
 * files committed so far new and the others old, each of them whole. Commits go in the order
 * given, the JSON first: the rest can be re-rendered from it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openPartialFile, type PartialFile } from '../files/partial-file.js';

export interface ReportFile {
  /** The file's name inside the report directory. */
  name: string;
  content: string;
}

/** Writes `files` into `dir` (created if missing) and returns each file's path under the same key. */
export async function writeReportFiles<K extends string>(dir: string, files: Record<K, ReportFile>): Promise<Record<K, string>> {
  await mkdir(dir, { recursive: true });
  const entries = Object.entries(files) as Array<[K, ReportFile]>;
  const opened: PartialFile[] = [];
  try {
    for (const [, file] of entries) {
      const partial = await openPartialFile(join(dir, file.name));
      opened.push(partial);
      await partial.write([file.content]);
    }
    for (const partial of opened) await partial.commit();
  } catch (error) {
    // Discarding a committed file is a no-op: its partial name is gone.
    await Promise.all(opened.map((partial) => partial.discard()));
    throw error;
  }
  return Object.fromEntries(entries.map(([key, file]) => [key, join(dir, file.name)])) as Record<K, string>;
}
