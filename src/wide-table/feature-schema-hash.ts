/** A fingerprint of a feature manifest (names and kinds, in order), so serving can refuse rows built for another model. */
import { createHash } from 'node:crypto';
import type { FeatureSpec } from './feature-set.js';

export function featureSchemaHash(features: ReadonlyArray<Pick<FeatureSpec, 'name' | 'kind'>>): string {
  const manifest = features.map(({ name, kind }) => [name, kind]);
  return createHash('sha256').update(JSON.stringify(manifest)).digest('hex');
}
