/**
 * Reasons for a snapshot that already serves without them (`serve --reasons background`, the
 * default): attributing them costs about five scorings of the snapshot (docs/reasons.md), minutes
 * for a million customers, so the server becomes ready on its scores and this scores the snapshot
 * again with reasons, on worker threads only, while the main thread keeps answering. A customer's
 * ranking is a pure function of (model, rows), so the second scoring's rows line up with the first's
 * (checked); its reasons are then swapped in, and answers carry them from the next request on.
 */
import { log } from '../src/log.js';
import type { LoadedModel } from '../src/model-directory/model-directory.js';
import { scoreSnapshot, type ScoredSnapshot } from './scored-snapshot.js';

export interface AttachReasonsOptions {
  threads: number;
  backend: string;
  /** True once the snapshot is no longer served (a reload swapped it out): the work is dropped. */
  isStale: () => boolean;
}

/** Resolves true when the reasons were attached, false when the snapshot went stale first. */
export async function attachReasonsLater(snapshot: ScoredSnapshot, model: LoadedModel, options: AttachReasonsOptions): Promise<boolean> {
  const started = performance.now();
  const scored = await scoreSnapshot(snapshot.path, model, {
    threads: options.threads,
    backend: options.backend,
    reasons: true,
    offMainThread: true,
  });
  if (options.isStale()) return false;
  if (!sameRanking(snapshot, scored))
    throw new Error(`${snapshot.path}: scored again for its reasons, the rows ranked differently; the answers keep serving without reasons`);
  snapshot.reasons = scored.reasons;
  log.info({ seconds: (performance.now() - started) / 1000, rows: scored.products.length }, 'reasons attached to the served snapshot');
  return true;
}

function sameRanking(a: ScoredSnapshot, b: ScoredSnapshot): boolean {
  if (a.products.length !== b.products.length || a.offsets.length !== b.offsets.length) return false;
  for (let i = 0; i < a.products.length; i++) if (a.productIds[a.products[i]] !== b.productIds[b.products[i]]) return false;
  for (let k = 0; k < a.offsets.length; k++) if (a.offsets[k] !== b.offsets[k]) return false;
  return true;
}
