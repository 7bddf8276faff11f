/** Fits the preprocessing (src/model-directory/preprocessing.ts) on the training rows: scaling, log transforms and category vocabularies. */
import { MISSING, OTHER, signedLog1p, type FeatureColumns, type Preprocessing } from '../src/model-directory/preprocessing.js';

export interface PreprocessingOptions {
  /** A value larger than this in absolute size marks a heavy-tailed column: it gets a log. */
  logAbove?: number;
  /** Rarer category values fall into <other>. */
  minCount?: number;
  /** At most this many one-hot columns per category (the most frequent). */
  maxValues?: number;
}

export function fitPreprocessing(data: FeatureColumns, rows: ArrayLike<number>, options: PreprocessingOptions = {}): Preprocessing {
  const { logAbove = 1000, minCount = 10, maxValues = 64 } = options;
  if (rows.length === 0) throw new Error('cannot fit preprocessing on zero training rows');
  const numbers = [...data.numbers].map(([name, column]) => {
    let maxAbs = 0;
    let missing = false;
    for (let i = 0; i < rows.length; i++) {
      const x = column[rows[i]];
      if (Number.isFinite(x)) maxAbs = Math.max(maxAbs, Math.abs(x));
      else missing = true;
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
    return { name, log, mean, std, missingIndicator: missing };
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
  const columns = [
    ...numbers.flatMap((t) => (t.missingIndicator ? [t.name, `${t.name}:missing`] : [t.name])),
    ...categories.flatMap((c) => [...c.values, OTHER, MISSING].map((v) => `${c.name}=${v}`)),
  ];
  return { formatVersion: 1, numbers, categories, width: columns.length, columns };
}
