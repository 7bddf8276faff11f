/**
 * The mean silhouette of a clustering over some of its points (Rousseeuw 1987): for each point, (b -
 * a) / max(a, b), a its mean distance to the others of its cluster, b the least mean distance to
 * another cluster. Hand-written (no well-kept JS package), and meant for a sample: it is O(n^2).
 */

function distance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < p.length; j++) {
    const d = p[j] - q[j];
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/**
 * The mean silhouette of `points` (each with its cluster in `labels`, 0..k-1); a point alone in its
 * cluster scores 0, as Rousseeuw defines it. NaN with fewer than two clusters among the points.
 */
export function meanSilhouette(points: ReadonlyArray<ArrayLike<number>>, labels: ArrayLike<number>): number {
  const n = points.length;
  if (labels.length !== n) throw new Error(`silhouette: ${n} points with ${labels.length} labels`);
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, labels[i] + 1);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  if (sizes.filter((s) => s > 0).length < 2) return NaN;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[labels[j]] += distance(points[i], points[j]);
    const own = labels[i];
    if (sizes[own] <= 1) continue;
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    const m = Math.max(a, b);
    total += m === 0 ? 0 : (b - a) / m;
  }
  return total / n;
}
