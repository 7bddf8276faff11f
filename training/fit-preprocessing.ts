/** Fits the preprocessing (src/model-directory/preprocessing.ts) on the training rows: number encodings and category vocabularies. */
import {
  MISSING,
  numberColumnNames,
  OTHER,
  PREPROCESSING_FORMAT_VERSION,
  signedLog1p,
  type FeatureColumns,
  type NumberEncoding,
  type Preprocessing,
} from '../src/model-directory/preprocessing.js';

export type NumberEncodingKind = NumberEncoding['encoding'];

export interface PreprocessingOptions {
  /** How numbers are encoded (default `ple`: bounded; `standard` is format 1's, unbounded). */
  numberEncoding?: NumberEncodingKind;
  /** `ple` and `quantile`: at most this many bins per number (fewer where values repeat; default by encoding). */
  bins?: number;
  /** `standard`: a value larger than this in absolute size marks a heavy-tailed column: it gets a log. */
  logAbove?: number;
  /** Rarer category values fall into <other>. */
  minCount?: number;
  /** At most this many one-hot columns per category (the most frequent). */
  maxValues?: number;
}

export const DEFAULT_NUMBER_ENCODING: NumberEncodingKind = 'ple';
/**
 * Chosen by measurement (docs/training.md): 8 piecewise-linear bins did as well as 16 or 32 on the
 * synthetic bank and UCI's random split, with half the inputs; one input per number (`quantile`)
 * reads its position more finely.
 */
export const DEFAULT_BINS: Record<Exclude<NumberEncodingKind, 'standard'>, number> = { ple: 8, quantile: 16 };

/** Quantiles are read from at most this many training values per column (evenly spaced rows): plenty for 8 to 16 bins. */
const QUANTILE_SAMPLE = 200_000;

/** The known values of `column` at (up to QUANTILE_SAMPLE of) `rows`, ascending. */
function sortedKnownValues(column: Float32Array, rows: ArrayLike<number>): Float64Array {
  const step = Math.max(1, rows.length / QUANTILE_SAMPLE);
  const values: number[] = [];
  for (let i = 0; i < rows.length; i += step) {
    const x = column[rows[Math.floor(i)]];
    if (Number.isFinite(x)) values.push(x);
  }
  return Float64Array.from(values).sort();
}

/**
 * Bin edges at the quantiles 0, 1/bins, …, 1 of the values, repeated ones dropped (a count that is
 * mostly 0 gets fewer bins). A column with one value (or none) gets one unit bin from it, so its
 * single input is 0 for that value and its missing indicator still says what it should.
 */
export function quantileEdges(sorted: Float64Array, bins: number): number[] {
  if (sorted.length === 0) return [0, 1];
  const edges: number[] = [];
  for (let k = 0; k <= bins; k++) {
    const x = sorted[Math.round((k / bins) * (sorted.length - 1))];
    if (edges.length === 0 || x > edges[edges.length - 1]) edges.push(x);
  }
  return edges.length >= 2 ? edges : [edges[0], edges[0] + 1];
}

function fitStandard(name: string, column: Float32Array, rows: ArrayLike<number>, logAbove: number, missingIndicator: boolean): NumberEncoding {
  let maxAbs = 0;
  for (let i = 0; i < rows.length; i++) {
    const x = column[rows[i]];
    if (Number.isFinite(x)) maxAbs = Math.max(maxAbs, Math.abs(x));
  }
  const log = maxAbs > logAbove;
  let sum = 0;
  let sumSquares = 0;
  let known = 0;
  for (let i = 0; i < rows.length; i++) {
    const raw = column[rows[i]];
    if (!Number.isFinite(raw)) continue;
    const x = log ? signedLog1p(raw) : raw;
    sum += x;
    sumSquares += x * x;
    known++;
  }
  const mean = known > 0 ? sum / known : 0;
  const variance = known > 0 ? Math.max(0, sumSquares / known - mean * mean) : 0;
  const std = variance > 1e-12 ? Math.sqrt(variance) : 1;
  return { name, encoding: 'standard', log, mean, std, missingIndicator };
}

function everUnknown(column: Float32Array, rows: ArrayLike<number>): boolean {
  for (let i = 0; i < rows.length; i++) if (!Number.isFinite(column[rows[i]])) return true;
  return false;
}

export function fitPreprocessing(data: FeatureColumns, rows: ArrayLike<number>, options: PreprocessingOptions = {}): Preprocessing {
  const { numberEncoding = DEFAULT_NUMBER_ENCODING, logAbove = 1000, minCount = 10, maxValues = 64 } = options;
  if (rows.length === 0) throw new Error('cannot fit preprocessing on zero training rows');
  const numbers = [...data.numbers].map(([name, column]): NumberEncoding => {
    const missingIndicator = everUnknown(column, rows);
    if (numberEncoding === 'standard') return fitStandard(name, column, rows, logAbove, missingIndicator);
    const bins = options.bins ?? DEFAULT_BINS[numberEncoding];
    return { name, encoding: numberEncoding, edges: quantileEdges(sortedKnownValues(column, rows), bins), missingIndicator };
  });
  const categories = [...data.categories].map(([name, column]) => {
    const counts = new Map<string, number>();
    for (let i = 0; i < rows.length; i++) {
      const v = column[rows[i]];
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const values = [...counts]
      .filter(([, count]) => count >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxValues)
      .map(([value]) => value);
    return { name, values };
  });
  const columns = [...numbers.flatMap(numberColumnNames), ...categories.flatMap((c) => [...c.values, OTHER, MISSING].map((v) => `${c.name}=${v}`))];
  return { formatVersion: PREPROCESSING_FORMAT_VERSION, numbers, categories, width: columns.length, columns };
}
