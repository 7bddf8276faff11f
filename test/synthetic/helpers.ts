/** Shared by the synthetic-bank tests: generate a small bank into a temp folder and read its CSVs back. */

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseDayOrTimestamp, type DayNumber } from '../../src/domain/dates.js';
import { parseMoney } from '../../src/domain/money.js';
import { generateBank, type GenerateOptions, type GenerateSummary } from '../../synthetic/index.js';

export type Row = Record<string, string>;

export interface SmallBank {
  dir: string;
  summary: GenerateSummary;
}

/** The size the brief asks the tests to use: big enough for the statistics, fast enough for CI. */
export const SMALL = { customers: 3_000, days: 120, seed: 7 } as const;

export async function generateSmall(options: Partial<Omit<GenerateOptions, 'outDir'>> = {}): Promise<SmallBank> {
  const dir = await mkdtemp(join(tmpdir(), 'wealthrec-synthetic-'));
  const summary = await generateBank({ ...SMALL, ...options, outDir: dir });
  return { dir, summary };
}

/** Deletes a generated bank's folder. */
export async function removeBank(bank: SmallBank | undefined): Promise<void> {
  if (bank) await rm(bank.dir, { recursive: true, force: true });
}

/** The header line and the rows of a CSV, parsed by the same library the importer uses. */
export async function readCsv(path: string): Promise<{ header: string[]; rows: Row[] }> {
  const text = await readFile(path, 'utf8');
  const records = parse(text, { relax_column_count: false }) as string[][];
  const [header, ...body] = records;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

/** sha256 of every file under a folder, keyed by relative path. */
export async function hashTree(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) Object.assign(out, await hashTree(join(dir, entry.name), `${rel}/`));
    else
      out[rel] = createHash('sha256')
        .update(await readFile(join(dir, entry.name)))
        .digest('hex');
  }
  return out;
}

export function day(text: string): DayNumber {
  const parsed = parseDayOrTimestamp(text);
  if (!parsed) throw new Error(`not a date: "${text}"`);
  return parsed.day;
}

export function fen(text: string): number {
  const parsed = parseMoney(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.fen;
}

/** Groups rows by a key, keeping file order inside each group. */
export function groupBy(rows: Row[], key: (r: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}
