/**
 * Turns wide-table features into the model's input matrix. Fitted on the training slice only
 * (training/fit-preprocessing.ts), saved beside the model (preprocessing.json) and applied
 * identically by evaluation and serving.
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

/** The one-hot columns every category has beside its values. */
export const OTHER = '<other>';
export const MISSING = '<missing>';

export const signedLog1p = (x: number) => (x < 0 ? -Math.log1p(-x) : Math.log1p(x));

/**
 * The input matrix (row-major, rows.length x width) for the given rows of `data`. Filled a row at a
 * time, so each output row is written in order (a column at a time strides the whole matrix and was
 * twice as slow on a large snapshot); the arithmetic is the same either way.
 */
export function applyPreprocessing(p: Preprocessing, data: FeatureColumns, rows: ArrayLike<number>): Float32Array {
  const width = p.width;
  const out = new Float32Array(rows.length * width);
  const numberColumns = p.numbers.map((t) => {
    const column = data.numbers.get(t.name);
    if (!column) throw new Error(`the model needs number feature "${t.name}", which these rows do not have`);
    return column;
  });
  const numberOffsets = new Int32Array(p.numbers.length);
  let offset = 0;
  p.numbers.forEach((t, k) => {
    numberOffsets[k] = offset;
    offset += t.missingIndicator ? 2 : 1;
  });
  const categoryColumns = p.categories.map((c) => {
    const column = data.categories.get(c.name);
    if (!column) throw new Error(`the model needs category feature "${c.name}", which these rows do not have`);
    return column;
  });
  const slots = p.categories.map((c) => new Map(c.values.map((v, k) => [v, k])));
  const categoryOffsets = new Int32Array(p.categories.length);
  p.categories.forEach((c, k) => {
    categoryOffsets[k] = offset;
    offset += c.values.length + 2;
  });
  // The transforms as flat arrays: the loop below runs rows x features times.
  const count = p.numbers.length;
  const logs = Uint8Array.from(p.numbers, (t) => (t.log ? 1 : 0));
  const means = Float64Array.from(p.numbers, (t) => t.mean);
  const stds = Float64Array.from(p.numbers, (t) => t.std);
  const indicators = Uint8Array.from(p.numbers, (t) => (t.missingIndicator ? 1 : 0));
  const valueCounts = Int32Array.from(p.categories, (c) => c.values.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const base = i * width;
    for (let k = 0; k < count; k++) {
      const raw = numberColumns[k][r];
      const at = base + numberOffsets[k];
      if (raw - raw === 0)
        out[at] = ((logs[k] === 1 ? signedLog1p(raw) : raw) - means[k]) / stds[k]; // finite: NaN and ±Infinity give NaN
      else if (indicators[k] === 1) out[at + 1] = 1;
    }
    for (let k = 0; k < categoryColumns.length; k++) {
      const v = categoryColumns[k][r];
      const values = valueCounts[k];
      out[base + categoryOffsets[k] + (v === null ? values + 1 : (slots[k].get(v) ?? values))] = 1;
    }
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
