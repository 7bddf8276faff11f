/**
 * Assigns customers to a segmentation's segments: their behaviour columns through the model's
 * encoding and behaviour weighting (behaviour-weighting.ts), then the nearest centroid (squared Euclidean, as k-means fitted them; ties to the lower
 * id). The same function places the as-of day's customers, earlier month-ends and a later day's.
 */
import { applyPreprocessing, type FeatureColumns } from '../model-directory/preprocessing.js';
import { applyBehaviourWeighting } from './behaviour-weighting.js';
import type { SegmentationModel } from './format.js';

/** The nearest centroid of each row of `encoded` (rows of `width` values, row-major). */
export function nearestCentroids(encoded: Float32Array, width: number, centroids: ReadonlyArray<readonly number[]>): Int32Array {
  const rows = width === 0 ? 0 : encoded.length / width;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < centroids.length; c++) {
      const centre = centroids[c];
      let d = 0;
      for (let j = 0; j < width; j++) {
        const x = encoded[i * width + j] - centre[j];
        d += x * x;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Encodes `rows` rows of behaviour columns with the model's encoding, then weighs them as the model's clustering did. */
export function encodeBehaviour(model: Pick<SegmentationModel, 'preprocessing' | 'weighting'>, columns: FeatureColumns, rows: number): Float32Array {
  const encoded = applyPreprocessing(
    model.preprocessing,
    columns,
    Array.from({ length: rows }, (_, i) => i),
  );
  return applyBehaviourWeighting(model.weighting, encoded, model.preprocessing.width);
}

export function assignSegments(model: Pick<SegmentationModel, 'preprocessing' | 'weighting' | 'centroids'>, columns: FeatureColumns, rows: number): Int32Array {
  return nearestCentroids(encodeBehaviour(model, columns, rows), model.preprocessing.width, model.centroids);
}
