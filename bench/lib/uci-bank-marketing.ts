/**
 * UCI Bank Marketing (bank-additional-full.csv, Moro et al. 2014): a Portuguese bank's term-deposit
 * telephone campaigns, May 2008 to November 2010, one row per contact, in date order. Read into the
 * feature columns the training code takes. `duration` is dropped: it is known only once the call
 * has ended, so it leaks the outcome. `pdays` 999 means "never contacted before": it becomes a
 * missing value (the preprocessing adds its missing indicator) rather than a huge number of days.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { LabelledColumns } from '../../training/train-on-rows.js';

export const UCI_NUMBERS = ['age', 'campaign', 'pdays', 'previous', 'emp.var.rate', 'cons.price.idx', 'cons.conf.idx', 'euribor3m', 'nr.employed'] as const;
export const UCI_CATEGORIES = ['job', 'marital', 'education', 'default', 'housing', 'loan', 'contact', 'month', 'day_of_week', 'poutcome'] as const;
const LEAKS = 'duration';
const NEVER_CONTACTED = 999;

export function readUciBankMarketing(path: string): LabelledColumns & { length: number } {
  const records = parse(readFileSync(path), { delimiter: ';', columns: true, skip_empty_lines: true, info: true }) as Array<{
    record: Record<string, string>;
    info: { lines: number };
  }>;
  if (records.length === 0) throw new Error(`${path}: no rows`);
  const header = Object.keys(records[0].record);
  for (const name of [...UCI_NUMBERS, ...UCI_CATEGORIES, 'y', LEAKS])
    if (!header.includes(name)) throw new Error(`${path}: no column "${name}" (is this bank-additional-full.csv?)`);

  const numbers = new Map(UCI_NUMBERS.map((name) => [name as string, new Float32Array(records.length)]));
  const categories = new Map(UCI_CATEGORIES.map((name) => [name as string, new Array<string | null>(records.length)]));
  const labels = new Uint8Array(records.length);
  records.forEach(({ record, info }, i) => {
    for (const name of UCI_NUMBERS) {
      const value = Number(record[name]);
      if (record[name] === '' || !Number.isFinite(value)) throw new Error(`${path}:${info.lines}: ${name} is "${record[name]}", not a number`);
      numbers.get(name)![i] = name === 'pdays' && value === NEVER_CONTACTED ? Number.NaN : value;
    }
    for (const name of UCI_CATEGORIES) categories.get(name)![i] = record[name];
    if (record.y !== 'yes' && record.y !== 'no') throw new Error(`${path}:${info.lines}: y is "${record.y}", expected yes or no`);
    labels[i] = record.y === 'yes' ? 1 : 0;
  });
  return { numbers, categories, labels, length: records.length };
}
