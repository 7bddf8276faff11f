/**
 * Clusters customers by behaviour: the behaviour columns through a bounded encoding fitted on the
 * day's customers (training's `quantile` encoding: each number its position among 16 quantile bins,
 * 0..1, with a missing indicator; categories one-hot), weighed so that every behaviour counts the
 * same and "never bought" counts once (src/segments/behaviour-weighting.ts), then k-means (ml-kmeans, k-means++ seeded, the
 * best of a few seeded starts). With k "auto", k is the one with the best mean silhouette on a seeded
 * sample. Segment ids run from the largest segment down. Same input and seed, same segments.
 */
import { kmeans } from 'ml-kmeans';
import { meanSilhouette } from '../../src/metrics/silhouette.js';
import { applyPreprocessing, type FeatureColumns, type Preprocessing } from '../../src/model-directory/preprocessing.js';
import { Rng } from '../../src/random.js';
import { CLUSTERED_FEATURES } from '../../src/segments/behaviour-features.js';
import { applyBehaviourWeighting, fitBehaviourWeighting, type BehaviourWeighting } from '../../src/segments/behaviour-weighting.js';
import type { SegmentationModel } from '../../src/segments/format.js';
import { UsageError } from '../../src/errors.js';
import { fitPreprocessing } from '../fit-preprocessing.js';

export const AUTO_K_RANGE = { from: 3, to: 10 } as const;
/** Points the silhouette is measured on: it is O(n^2). */
export const SILHOUETTE_SAMPLE = 1500;
/** Seeded k-means starts; the one with the least within-cluster sum of squares is kept. */
const STARTS = 3;
const QUANTILE_BINS = 16;

export interface ClusterOptions {
  /** A number of segments, or 'auto' for the best silhouette over AUTO_K_RANGE. */
  k: number | 'auto';
  seed: number;
}

export interface Clustering {
  preprocessing: Preprocessing;
  weighting: BehaviourWeighting;
  /** In the weighted encoding. */
  centroids: number[][];
  labels: Int32Array;
  kChoice: SegmentationModel['kChoice'];
  /** The weighted encoded rows (row-major, preprocessing.width wide), for the map. */
  encoded: Float32Array;
}

/** The clustered columns that hold at least one known value (the model tags are all unknown without their model). */
export function clusteredColumns(columns: FeatureColumns): FeatureColumns {
  const numbers = new Map<string, Float32Array>();
  const categories = new Map<string, ReadonlyArray<string | null>>();
  for (const f of CLUSTERED_FEATURES) {
    if (f.kind === 'number') {
      const column = columns.numbers.get(f.name);
      if (column?.some(Number.isFinite)) numbers.set(f.name, column);
    } else {
      const column = columns.categories.get(f.name);
      if (column?.some((v) => v !== null)) categories.set(f.name, column);
    }
  }
  return { numbers, categories };
}

export function fitBehaviourEncoding(columns: FeatureColumns, rows: number): Preprocessing {
  const all = Array.from({ length: rows }, (_, i) => i);
  // Rare values fall into <other>: a category value held by a handful of customers would make a segment of its own.
  const minCount = Math.min(50, Math.max(1, Math.ceil(rows * 0.005)));
  return fitPreprocessing(clusteredColumns(columns), all, { numberEncoding: 'quantile', bins: QUANTILE_BINS, minCount, maxValues: 8 });
}

function rowsOf(encoded: Float32Array, width: number): number[][] {
  const rows: number[][] = [];
  for (let at = 0; at < encoded.length; at += width) rows.push(Array.from(encoded.subarray(at, at + width)));
  return rows;
}

function inertia(points: number[][], clusters: number[], centroids: number[][]): number {
  let sum = 0;
  points.forEach((p, i) => {
    const c = centroids[clusters[i]];
    for (let j = 0; j < p.length; j++) sum += (p[j] - c[j]) ** 2;
  });
  return sum;
}

/** k-means from STARTS seeded starts, relabelled by size (largest first; ties by first member). */
function bestKMeans(points: number[][], k: number, seed: number): { labels: Int32Array; centroids: number[][] } {
  let best: { clusters: number[]; centroids: number[][]; sse: number } | null = null;
  for (let s = 0; s < STARTS; s++) {
    const result = kmeans(points, k, { seed: seed + s, initialization: 'kmeans++', maxIterations: 300 });
    const sse = inertia(points, result.clusters, result.centroids);
    if (!best || sse < best.sse - 1e-9) best = { clusters: result.clusters, centroids: result.centroids, sse };
  }
  const { clusters, centroids } = best!;
  const sizes = new Array<number>(k).fill(0);
  const first = new Array<number>(k).fill(Infinity);
  clusters.forEach((c, i) => {
    sizes[c]++;
    first[c] = Math.min(first[c], i);
  });
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => sizes[b] - sizes[a] || first[a] - first[b]);
  const newId = new Array<number>(k);
  order.forEach((c, id) => {
    newId[c] = id;
  });
  return { labels: Int32Array.from(clusters, (c) => newId[c]), centroids: order.map((c) => centroids[c]) };
}

/** A seeded sample of row indices, ascending. */
export function seededSample(rows: number, size: number, seed: number): number[] {
  if (rows <= size) return Array.from({ length: rows }, (_, i) => i);
  const rng = Rng.fromSeed(seed).fork('segments-sample');
  const picked = Array.from({ length: rows }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(rows - i);
    [picked[i], picked[j]] = [picked[j], picked[i]];
  }
  return picked.slice(0, size).sort((a, b) => a - b);
}

export function clusterCustomers(columns: FeatureColumns, rows: number, options: ClusterOptions): Clustering {
  if (rows < 2) throw new UsageError(`segments need at least 2 customers; the day has ${rows}`);
  const preprocessing = fitBehaviourEncoding(columns, rows);
  const raw = applyPreprocessing(
    preprocessing,
    clusteredColumns(columns),
    Array.from({ length: rows }, (_, i) => i),
  );
  const weighting = fitBehaviourWeighting(preprocessing, raw);
  const encoded = applyBehaviourWeighting(weighting, raw, preprocessing.width);
  const points = rowsOf(encoded, preprocessing.width);
  const sample = seededSample(rows, SILHOUETTE_SAMPLE, options.seed);
  const silhouetteOf = (labels: Int32Array) =>
    meanSilhouette(
      sample.map((i) => points[i]),
      Int32Array.from(sample, (i) => labels[i]),
    );
  const candidates =
    options.k === 'auto'
      ? Array.from({ length: AUTO_K_RANGE.to - AUTO_K_RANGE.from + 1 }, (_, i) => AUTO_K_RANGE.from + i).filter((k) => k < rows)
      : [options.k];
  if (candidates.length === 0 || candidates.some((k) => k > rows))
    throw new UsageError(`cannot make ${options.k === 'auto' ? `${AUTO_K_RANGE.from}..${AUTO_K_RANGE.to}` : options.k} segments of ${rows} customers`);
  let chosen: { k: number; labels: Int32Array; centroids: number[][]; silhouette: number } | null = null;
  const tried: SegmentationModel['kChoice']['candidates'] = [];
  for (const k of candidates) {
    const fit = bestKMeans(points, k, options.seed);
    const silhouette = silhouetteOf(fit.labels);
    tried.push({ k, silhouette: Number.isFinite(silhouette) ? silhouette : null });
    // Strictly better only: a tie keeps the smaller k.
    if (!chosen || (Number.isFinite(silhouette) && !(silhouette <= chosen.silhouette))) chosen = { k, ...fit, silhouette };
  }
  return {
    preprocessing,
    weighting,
    centroids: chosen!.centroids,
    labels: chosen!.labels,
    kChoice: { method: options.k === 'auto' ? 'silhouette' : 'given', sample: sample.length, candidates: tried },
    encoded,
  };
}
