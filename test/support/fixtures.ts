/** Fixture banks: the tiny valid bank, and broken variants built by overlaying one case's files on it. */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const TINY_BANK = join(FIXTURES, 'tiny-bank');
export const TINY_BANK_NEXT_DAY = join(FIXTURES, 'tiny-bank-next-day');

export interface BrokenCase {
  name: string;
  /** The `file:line:column` the import must report. */
  expect: string;
  /** Text the reason must contain. */
  reason: string;
  dir: string;
  /** The import day to import on (YYYY-MM-DD), for cases about dates after it; else the real one. */
  today?: string;
}

export function brokenCases(): BrokenCase[] {
  const root = join(FIXTURES, 'broken');
  return readdirSync(root)
    .sort()
    .map((name) => {
      const meta = JSON.parse(readFileSync(join(root, name, 'case.json'), 'utf8')) as { expect: string; reason: string; remove?: string[]; today?: string };
      const dir = mkdtempSync(join(tmpdir(), `wealthrec-${name}-`));
      cpSync(TINY_BANK, dir, { recursive: true });
      for (const file of readdirSync(join(root, name))) if (file !== 'case.json') cpSync(join(root, name, file), join(dir, file));
      for (const file of meta.remove ?? []) if (existsSync(join(dir, file))) rmSync(join(dir, file));
      return { name, expect: meta.expect, reason: meta.reason, dir, ...(meta.today ? { today: meta.today } : {}) };
    });
}
