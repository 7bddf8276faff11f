/**
 * Turns wide-table features into the model's input matrix. Fitted on the training slice only, saved
 * beside the model (preprocessing.json) and applied identically by evaluation and serving.
 *
 * Numbers: signed log1p when heavy-tailed (money in yuan, large counts), then standardised with the
 * training mean and deviation; unknown (NaN) becomes 0, the mean, plus a 0/1 "missing" column for
 * features that were ever unknown in training. Categories: one-hot over the values seen at least
 * `minCount` times in training, plus <other> and <missing> (embeddings cannot train on wasm).
 */
import { z } from 'zod';

/** The feature columns of some rows (a sample file, a snapshot, a request), by feature name. */
export interface FeatureColumns {
  numbers: ReadonlyMap<string, Float32Array>;
  categories: ReadonlyMap<string, ReadonlyArray<string | null>>;
}

const numberTransform = z.object({
  name: z.string(),
  log: z.boolean(),
  mean: z.number(),
  std: z.number().positive(),
  missingIndicator: z.boolean(),
});
const categoryEncoding = z.object({ name: z.string(), values: z.array(z.string()) });

export const preprocessingSchema = z.object({
  formatVersion: z.literal(1),
  numbers: z.array(numberTransform),
  categories: z.array(categoryEncoding),
  /** Input width and the name of every input column, for reading weights and debugging. */
  width: z.number().int().positive(),
  columns: z.array(z.string()),
});
export type Preprocessing = z.infer<typeof preprocessingSchema>;

export interface FitOptions {
  /** A value larger than this in absolute size marks a heavy-tailed column: it gets a log. */
  logAbove?: number;
  /** Rarer category values fall into <other>. */
  minCount?: number;
  /** At most this many one-hot columns per category (the most frequent). */
  maxValues?: number;
}

const OTHER = '<other>';
const MISSING = '<missing>';

const signedLog1p = (x: number) => (x < 0 ? -Math.log1p(-x) : Math.log1p(x));

export function fitPreprocessing(data: FeatureColumns, rows: ArrayLike<number>, options: FitOptions = {}): Preprocessing {
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

/** The input matrix (row-major, rows.length x width) for the given rows of `data`. */
export function applyPreprocessing(p: Preprocessing, data: FeatureColumns, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * p.width);
  let offset = 0;
  for (const t of p.numbers) {
    const column = data.numbers.get(t.name);
    if (!column) throw new Error(`the model needs number feature "${t.name}", which these rows do not have`);
    for (let i = 0; i < rows.length; i++) {
      const raw = column[rows[i]];
      const at = i * p.width + offset;
      if (Number.isFinite(raw)) out[at] = ((t.log ? signedLog1p(raw) : raw) - t.mean) / t.std;
      else if (t.missingIndicator) out[at + 1] = 1;
    }
    offset += t.missingIndicator ? 2 : 1;
  }
  for (const c of p.categories) {
    const column = data.categories.get(c.name);
    if (!column) throw new Error(`the model needs category feature "${c.name}", which these rows do not have`);
    const slot = new Map(c.values.map((v, k) => [v, k]));
    const other = c.values.length;
    const missing = c.values.length + 1;
    for (let i = 0; i < rows.length; i++) {
      const v = column[rows[i]];
      out[i * p.width + offset + (v === null ? missing : (slot.get(v) ?? other))] = 1;
    }
    offset += c.values.length + 2;
  }
  return out;
}

/** Checks a preprocessing.json read from disk; the error names the file and the field at fault. */
export function parsePreprocessing(json: unknown, source: string): Preprocessing {
  const parsed = preprocessingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: not a wealthrec preprocessing file: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const p = parsed.data;
  const width = p.numbers.reduce((w, t) => w + (t.missingIndicator ? 2 : 1), 0) + p.categories.reduce((w, c) => w + c.values.length + 2, 0);
  if (width !== p.width || p.columns.length !== p.width) {
    throw new Error(`${source}: width ${p.width} and ${p.columns.length} column names do not match the transforms (${width} columns)`);
  }
  return p;
}
