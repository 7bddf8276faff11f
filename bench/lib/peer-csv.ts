/**
 * The CSVs the XGBoost peer reads and writes (bench/peer/xgboost_peer.py). Numbers go in raw (no
 * scaling: trees do not need it), `NaN` when unknown (XGBoost learns where missing values go).
 * Categories become integer codes, numbered by frequency on the training rows (0 the most common);
 * a value unseen in training, or unknown, is NaN. Trees split codes as ordered numbers, which is
 * coarser than one-hot but keeps every category one column, as wide as the feature list.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { LabelledColumns } from '../../training/train-on-rows.js';

/** Column names the script reserves: a feature may not carry them. */
const RESERVED = ['label', 'weight', 'time'];
/** Rows per write: large enough to keep the writes few, small enough to keep the strings short. */
const ROWS_PER_WRITE = 4096;

export type CategoryCodes = Map<string, Map<string, number>>;

/** Per category feature, its values on the training rows numbered from the most frequent. */
export function categoryCodes(data: LabelledColumns, trainRows: Int32Array): CategoryCodes {
  const codes: CategoryCodes = new Map();
  for (const [name, values] of data.categories) {
    const counts = new Map<string, number>();
    for (const r of trainRows) {
      const v = values[r];
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    // Ties broken by the value, so the codes never depend on row order.
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    codes.set(name, new Map(ranked.map(([value], code) => [value, code])));
  }
  return codes;
}

export interface PeerCsvOptions {
  codes: CategoryCodes;
  /** An ordering number per source row (a day, a row index): the script checks train < valid < test with it. */
  time?: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

/** Writes `rows` of `data` as the script's CSV: numbers, then category codes, then label (weight, time). */
export function writePeerCsv(path: string, data: LabelledColumns, rows: Int32Array, options: PeerCsvOptions): void {
  const numbers = [...data.numbers];
  const categories = [...data.categories].map(([name, values]) => ({ name, values, codes: options.codes.get(name) ?? new Map<string, number>() }));
  const names = [...numbers.map(([n]) => n), ...categories.map((c) => c.name)];
  for (const name of names) {
    if (RESERVED.includes(name)) throw new Error(`feature "${name}" clashes with the peer CSV's reserved columns ${RESERVED.join(', ')}`);
    if (/[",\n]/.test(name)) throw new Error(`feature "${name}": a comma, quote or newline in a column name would break the CSV`);
  }
  const header = [...names, 'label', ...(options.weights ? ['weight'] : []), ...(options.time ? ['time'] : [])];
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${header.join(',')}\n`);
    let lines: string[] = [];
    for (const r of rows) {
      const cells: string[] = [];
      for (const [, column] of numbers) cells.push(formatNumber(column[r]));
      for (const c of categories) {
        const v = c.values[r];
        const code = v === null ? undefined : c.codes.get(v);
        cells.push(code === undefined ? 'NaN' : String(code));
      }
      cells.push(String(data.labels[r]));
      if (options.weights) cells.push(formatNumber(options.weights[r]));
      if (options.time) cells.push(formatNumber(options.time[r]));
      lines.push(cells.join(','));
      if (lines.length === ROWS_PER_WRITE) {
        writeSync(fd, `${lines.join('\n')}\n`);
        lines = [];
      }
    }
    if (lines.length > 0) writeSync(fd, `${lines.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}

/** The fewest digits that read back as the same Float32 (nine always do): short files, exact values. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return 'NaN';
  if (Number.isInteger(v)) return String(v);
  for (let digits = 6; digits < 9; digits++) {
    const short = Number(v.toPrecision(digits));
    if (Math.fround(short) === Math.fround(v)) return String(short);
  }
  return String(Number(v.toPrecision(9)));
}

/** The script's score file: a `score` header, then one probability per test row, in the rows' order. */
export function readPeerScores(path: string, expectedRows: number): Float32Array {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  if (lines[0] !== 'score') throw new Error(`${path}: expected a "score" header, found "${lines[0]}"`);
  const scores = Float32Array.from(lines.slice(1), Number);
  if (scores.length !== expectedRows) throw new Error(`${path}: ${scores.length} scores for ${expectedRows} test rows`);
  const bad = scores.findIndex((s) => !(s >= 0 && s <= 1));
  if (bad >= 0) throw new Error(`${path}:${bad + 2}: "${lines[bad + 1]}" is not a probability`);
  return scores;
}
