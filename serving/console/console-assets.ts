/**
 * The console's files (assets/: one HTML page, one script, one style sheet, an icon), read once. They are
 * plain files, not compiled: tsc does not copy them into dist/, so a server started from dist/
 * (npm start, the wealthrec bin) reads them from the sources beside it. Both places are tried, the
 * compiled module's own folder first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConsoleAsset {
  contentType: string;
  body: Buffer;
}

/** By file name, as the page links them (/console/<name>); the page itself is console.html. */
export const CONSOLE_FILES = {
  'console.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
} as const;

export type ConsoleFile = keyof typeof CONSOLE_FILES;

const here = dirname(fileURLToPath(import.meta.url));

/** Where the files may be: beside this module (running from the sources), or in the sources when this runs from dist/serving/console. */
export const CONSOLE_ASSET_DIRS: readonly string[] = [join(here, 'assets'), join(here, '..', '..', '..', 'serving', 'console', 'assets')];

/** The first folder holding every file; throws naming the folders tried. */
export function findConsoleAssetDir(dirs: readonly string[] = CONSOLE_ASSET_DIRS): string {
  const found = dirs.find((dir) => Object.keys(CONSOLE_FILES).every((name) => existsSync(join(dir, name))));
  if (!found) throw new Error(`the console's files (${Object.keys(CONSOLE_FILES).join(', ')}) are in none of ${dirs.join(', ')}`);
  return found;
}

export function loadConsoleAssets(dir: string = findConsoleAssetDir()): Map<ConsoleFile, ConsoleAsset> {
  return new Map(
    (Object.entries(CONSOLE_FILES) as Array<[ConsoleFile, string]>).map(([name, contentType]) => [name, { contentType, body: readFileSync(join(dir, name)) }]),
  );
}
