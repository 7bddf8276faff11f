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
