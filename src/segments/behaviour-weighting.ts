/**
 * Makes every behaviour weigh the same in the k-means distance, however many encoded columns it
 * takes, and lets "never bought" count once. The bounded encoding gives a category one column per
 * value and a number one or two, and five purchase-derived behaviours (frequency, recency, preferred
 * risk, term, category and channel) all say "never bought" for a customer who never bought; left as
 * they are, the clustering mostly separates buyers from the others. So, fitted on the as-of day's
 * encoded customers and applied the same way wherever customers are assigned (assign-segments.ts):
 *  1. one marker, recency's missing indicator, says "never bought", as a behaviour of its own;
 *  2. for a customer who never bought, every other column of a purchase-derived behaviour takes the
 *     buyers' mean, so it adds no distance there: it sits at the buyers' centre;
 *  3. each column is scaled so that every behaviour's columns together have variance 1 on the day's
 *     customers, i.e. each adds the same expected squared distance between two customers.
 */
import { z } from 'zod';
import { numberWidth, type Preprocessing } from '../model-directory/preprocessing.js';
import { CLUSTERED_FEATURES, NEVER_PURCHASED, NEVER_PURCHASED_FEATURE } from './behaviour-features.js';

export const behaviourWeightingSchema = z.object({
  /** The behaviour of each encoded column: its feature's name, or never_purchased for the one marker. */
  behaviours: z.array(z.string()),
  /** The encoded column that marks a customer who never bought; null when every customer of the day had bought. */
  neverPurchasedColumn: z.number().int().min(0).nullable(),
  /** What each purchase-derived column holds for a customer who never bought (the buyers' mean); null: left as encoded. */
  fills: z.array(z.number().nullable()),
  /** Each column's multiplier after the fill: every behaviour's columns hold variance 1 on the day's customers (0: it does not vary). */
  scales: z.array(z.number().min(0)),
});
export type BehaviourWeighting = z.infer<typeof behaviourWeightingSchema>;

/** A variance below this is none: the behaviour is the same for every customer. */
const NO_VARIANCE = 1e-12;

/** Each encoded column's behaviour (its feature), whether it is purchase-derived, and the never-bought marker. */
export function columnBehaviours(p: Preprocessing): { behaviours: string[]; fromPurchases: boolean[]; neverPurchasedColumn: number | null } {
  const derived = new Set(CLUSTERED_FEATURES.filter((f) => f.fromPurchases).map((f) => f.name));
  const behaviours: string[] = [];
  const fromPurchases: boolean[] = [];
  let neverPurchasedColumn: number | null = null;
  const add = (name: string, count: number) => {
    for (let j = 0; j < count; j++) {
      behaviours.push(name);
      fromPurchases.push(derived.has(name));
    }
  };
  for (const t of p.numbers) {
    add(t.name, numberWidth(t));
    if (t.name === NEVER_PURCHASED_FEATURE && t.missingIndicator) {
      neverPurchasedColumn = behaviours.length - 1; // the indicator is a number's last input
      behaviours[neverPurchasedColumn] = NEVER_PURCHASED;
      fromPurchases[neverPurchasedColumn] = false;
    }
  }
  for (const c of p.categories) add(c.name, c.values.length + 2);
  return { behaviours, fromPurchases, neverPurchasedColumn };
}

/** Leaves the encoding as it is: how segmentations of format 1 were made. */
export function identityWeighting(p: Preprocessing): BehaviourWeighting {
  return { behaviours: [...p.columns], neverPurchasedColumn: null, fills: p.columns.map(() => null), scales: p.columns.map(() => 1) };
}

/** Fits the weighting on the day's encoded customers (rows of p.width values, row-major). */
export function fitBehaviourWeighting(p: Preprocessing, encoded: Float32Array): BehaviourWeighting {
  const width = p.width;
  const rows = encoded.length / width;
  const { behaviours, fromPurchases, neverPurchasedColumn } = columnBehaviours(p);
  const neverBought = (i: number) => neverPurchasedColumn !== null && encoded[i * width + neverPurchasedColumn] >= 0.5;
  // 2. The buyers' mean of each purchase-derived column.
  const buyerSums = new Float64Array(width);
  let buyers = 0;
  for (let i = 0; i < rows; i++) {
    if (neverBought(i)) continue;
    buyers++;
    for (let j = 0; j < width; j++) buyerSums[j] += encoded[i * width + j];
  }
  const fills = behaviours.map((_, j) => (neverPurchasedColumn !== null && fromPurchases[j] ? (buyers > 0 ? buyerSums[j] / buyers : 0) : null));
  const weighting: BehaviourWeighting = { behaviours, neverPurchasedColumn, fills, scales: behaviours.map(() => 1) };
  // 3. Each column's variance after the fill, summed by behaviour.
  const filled = applyBehaviourWeighting(weighting, encoded, width);
  const sums = new Float64Array(width);
  const squares = new Float64Array(width);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < width; j++) {
      const x = filled[i * width + j];
      sums[j] += x;
      squares[j] += x * x;
    }
  const variance = new Map<string, number>();
  behaviours.forEach((b, j) => {
    const mean = sums[j] / rows;
    variance.set(b, (variance.get(b) ?? 0) + Math.max(0, squares[j] / rows - mean * mean));
  });
  weighting.scales = behaviours.map((b) => {
    const v = variance.get(b)!;
    return v > NO_VARIANCE ? 1 / Math.sqrt(v) : 0;
  });
  return weighting;
}

/** The weighted rows: the never-bought fill, then the scales. A new array; `encoded` is left as it is. */
export function applyBehaviourWeighting(w: BehaviourWeighting, encoded: Float32Array, width: number): Float32Array {
  if (w.scales.length !== width) throw new Error(`the segment weighting has ${w.scales.length} columns, the encoding ${width}`);
  const out = new Float32Array(encoded.length);
  const marker = w.neverPurchasedColumn;
  for (let at = 0; at < encoded.length; at += width) {
    const neverBought = marker !== null && encoded[at + marker] >= 0.5;
    for (let j = 0; j < width; j++) {
      const fill = neverBought ? w.fills[j] : null;
      out[at + j] = (fill ?? encoded[at + j]) * w.scales[j];
    }
  }
  return out;
}
