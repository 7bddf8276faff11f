/**
 * Turns wide-table features into the model's input matrix. Fitted on the training slice only
 * (training/fit-preprocessing.ts), saved beside the model (preprocessing.json) and applied
 * identically by evaluation and serving.
 *
 * Numbers, by their `encoding`:
 *  - `ple` (format 2's default): piecewise-linear encoding (Gorishniy et al. 2022, "On Embeddings for
 *    Numerical Features in Tabular Deep Learning") over bins cut at the training quantiles: one input
 *    per bin, 0 below it, 1 above it, the position inside it. Clamped at both ends: a value beyond
 *    the training range encodes as the edge bin does, so a network cannot extrapolate a line into
 *    values it never saw (drifting rates, yields and balances).
 *  - `quantile`: one input, the value's position among the same kind of bins, 0 to 1, clamped: the
 *    empirical distribution function. Coarser than `ple` in range, and the more robust where the
 *    data drift far (docs/training.md has the measurements).
 *  - `standard` (format 1's only encoding, kept so older model directories score as they did):
 *    signed log1p when heavy-tailed, then the training mean and deviation; unbounded.
 * An unknown (NaN) number encodes as all zeros, plus a 0/1 "missing" input for features that were ever
 * unknown in training. Categories: one-hot over the values seen at least `minCount` times in training,
 * plus <other> and <missing> (embeddings cannot train on wasm).
 */
import { z } from 'zod';

/** The feature columns of some rows (a sample file, a snapshot, a request), by feature name. */
export interface FeatureColumns {
  numbers: ReadonlyMap<string, Float32Array>;
  categories: ReadonlyMap<string, ReadonlyArray<string | null>>;
}

const standardNumber = z.object({
  name: z.string(),
  encoding: z.literal('standard'),
  log: z.boolean(),
  mean: z.number(),
  std: z.number().positive(),
  missingIndicator: z.boolean(),
});
const binnedNumber = z.object({
  name: z.string(),
  encoding: z.enum(['ple', 'quantile']),
  /** Ascending bin edges from the training quantiles: edges.length - 1 inputs. */
  edges: z
    .array(z.number())
    .min(2)
    .refine((e) => e.every((x, i) => i === 0 || x > e[i - 1]), 'edges must ascend strictly'),
  missingIndicator: z.boolean(),
});
const numberEncoding = z.discriminatedUnion('encoding', [standardNumber, binnedNumber]);
export type NumberEncoding = z.infer<typeof numberEncoding>;
const categoryEncoding = z.object({ name: z.string(), values: z.array(z.string()) });

export const PREPROCESSING_FORMAT_VERSION = 2;

export const preprocessingSchema = z.object({
  formatVersion: z.literal(PREPROCESSING_FORMAT_VERSION),
  numbers: z.array(numberEncoding),
  categories: z.array(categoryEncoding),
  /** Input width and the name of every input column, for reading weights and debugging. */
  width: z.number().int().positive(),
  columns: z.array(z.string()),
});
export type Preprocessing = z.infer<typeof preprocessingSchema>;

/** Format 1 (before bounded encodings): every number standardised. Read as format 2's `standard`. */
const preprocessingV1Schema = z.object({
  formatVersion: z.literal(1),
  numbers: z.array(standardNumber.omit({ encoding: true })),
  categories: z.array(categoryEncoding),
  width: z.number().int().positive(),
  columns: z.array(z.string()),
});

/** The encodings as small integers, for the inner loop of applyPreprocessing. */
const STANDARD = 0;
const PLE = 1;
const QUANTILE = 2;
const ENCODING_KINDS: Record<NumberEncoding['encoding'], number> = { standard: STANDARD, ple: PLE, quantile: QUANTILE };

/** The one-hot columns every category has beside its values. */
export const OTHER = '<other>';
export const MISSING = '<missing>';

export const signedLog1p = (x: number) => (x < 0 ? -Math.log1p(-x) : Math.log1p(x));

/** Inputs a number feature takes: its encoding's, plus its missing indicator. */
export function numberWidth(t: NumberEncoding): number {
  return (t.encoding === 'ple' ? t.edges.length - 1 : 1) + (t.missingIndicator ? 1 : 0);
}

/** `quantile`: one input, the bin index plus the position inside the bin, over the bins: 0 to 1, clamped. */
function quantilePosition(edges: Float64Array, from: number, to: number, x: number): number {
  const bins = to - from - 1;
  if (x <= edges[from]) return 0;
  if (x >= edges[to - 1]) return 1;
  let k = from;
  while (x >= edges[k + 1]) k++;
  return (k - from + (x - edges[k]) / (edges[k + 1] - edges[k])) / bins;
}

/** The names of a number feature's inputs, in order. */
export function numberColumnNames(t: NumberEncoding): string[] {
  const own = t.encoding === 'ple' ? t.edges.slice(1).map((_, k) => `${t.name}#${k + 1}`) : [t.name];
  return t.missingIndicator ? [...own, `${t.name}:missing`] : own;
}

/**
 * Writes a known value's piecewise-linear encoding at out[at..at + edges.length - 2]: 1 for each bin
 * wholly below x, x's position inside its own bin, 0 above. Clamped: below the first edge all zeros,
 * above the last all ones. The bins are few (at most 16), so a scan beats a binary search.
 */
function writePiecewiseLinear(out: Float32Array, at: number, edges: Float64Array, from: number, to: number, x: number): void {
  for (let k = from; k < to - 1; k++) {
    const left = edges[k];
    const right = edges[k + 1];
    const slot = at + (k - from);
    if (x >= right) out[slot] = 1;
    else {
      if (x > left) out[slot] = (x - left) / (right - left);
      return; // the rest stay 0
    }
  }
}

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
  const categoryColumns = p.categories.map((c) => {
    const column = data.categories.get(c.name);
    if (!column) throw new Error(`the model needs category feature "${c.name}", which these rows do not have`);
    return column;
  });
  // The encodings as flat arrays: the loop below runs rows x features times.
  const count = p.numbers.length;
  const offsets = new Int32Array(count);
  const missingAt = new Int32Array(count).fill(-1);
  const kinds = Uint8Array.from(p.numbers, (t) => ENCODING_KINDS[t.encoding]);
  const logs = Uint8Array.from(p.numbers, (t) => (t.encoding === 'standard' && t.log ? 1 : 0));
  const means = Float64Array.from(p.numbers, (t) => (t.encoding === 'standard' ? t.mean : 0));
  const stds = Float64Array.from(p.numbers, (t) => (t.encoding === 'standard' ? t.std : 1));
  const edgesFrom = new Int32Array(count + 1);
  p.numbers.forEach((t, k) => {
    edgesFrom[k + 1] = edgesFrom[k] + (t.encoding === 'standard' ? 0 : t.edges.length);
  });
  const edges = Float64Array.from(p.numbers.flatMap((t) => (t.encoding === 'standard' ? [] : t.edges)));
  let offset = 0;
  p.numbers.forEach((t, k) => {
    offsets[k] = offset;
    offset += numberWidth(t);
    if (t.missingIndicator) missingAt[k] = offset - 1;
  });
  const slots = p.categories.map((c) => new Map(c.values.map((v, k) => [v, k])));
  const categoryOffsets = new Int32Array(p.categories.length);
  p.categories.forEach((c, k) => {
    categoryOffsets[k] = offset;
    offset += c.values.length + 2;
  });
  const valueCounts = Int32Array.from(p.categories, (c) => c.values.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const base = i * width;
    for (let k = 0; k < count; k++) {
      const raw = numberColumns[k][r];
      if (raw - raw !== 0) {
        // Unknown (NaN, ±Infinity): all zeros, and the indicator when training had unknowns.
        if (missingAt[k] >= 0) out[base + missingAt[k]] = 1;
      } else if (kinds[k] === PLE) writePiecewiseLinear(out, base + offsets[k], edges, edgesFrom[k], edgesFrom[k + 1], raw);
      else if (kinds[k] === QUANTILE) out[base + offsets[k]] = quantilePosition(edges, edgesFrom[k], edgesFrom[k + 1], raw);
      else out[base + offsets[k]] = ((logs[k] === 1 ? signedLog1p(raw) : raw) - means[k]) / stds[k];
    }
    for (let k = 0; k < categoryColumns.length; k++) {
      const v = categoryColumns[k][r];
      const values = valueCounts[k];
      out[base + categoryOffsets[k] + (v === null ? values + 1 : (slots[k].get(v) ?? values))] = 1;
    }
  }
  return out;
}

/** Checks a preprocessing.json read from disk (format 1 or 2); the error names the file and the field at fault. */
export function parsePreprocessing(json: unknown, source: string): Preprocessing {
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  const parsed =
    version === 1
      ? preprocessingV1Schema
          .transform((v1) => ({
            ...v1,
            formatVersion: PREPROCESSING_FORMAT_VERSION as typeof PREPROCESSING_FORMAT_VERSION,
            numbers: v1.numbers.map((t) => ({ ...t, encoding: 'standard' as const })),
          }))
          .safeParse(json)
      : preprocessingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const hint =
      typeof version === 'number' && version > PREPROCESSING_FORMAT_VERSION
        ? ` (written by a newer wealthrec, format ${version}: upgrade this one, or train the model again with it)`
        : '';
    throw new Error(`${source}: not a wealthrec preprocessing file: ${issue.path.join('.') || '(root)'}: ${issue.message}${hint}`);
  }
  const p = parsed.data;
  const width = p.numbers.reduce((w, t) => w + numberWidth(t), 0) + p.categories.reduce((w, c) => w + c.values.length + 2, 0);
  if (width !== p.width || p.columns.length !== p.width) {
    throw new Error(`${source}: width ${p.width} and ${p.columns.length} column names do not match the transforms (${width} columns)`);
  }
  return p;
}
