/**
 * From scores to the campaign list: drop the excluded, rank the rest (best first, ties by customer
 * id so the same inputs give the same file), cut the list to the requested length, and write it as
 * CSV (customer_id, rank, score, decile, and with reasons reason_code, reason_text_zh) under a
 * temporary name, hashing the bytes as they go.
 */
import { createHash } from 'node:crypto';
import { openPartialFile } from '../../src/files/partial-file.js';
import { expectedCoverageLength } from '../../src/metrics/expected-coverage.js';
import { NO_REASON, servedReason } from '../../src/reasons/index.js';
import type { CampaignRequest } from './campaign-request.js';
import type { TopReasons } from './top-reasons.js';

export interface RankedCandidates {
  /** Indices into the scored customers, best first. */
  order: Int32Array;
  scores: Float32Array;
  customerIds: string[];
  /** With reasons asked for: each scored customer's top reason (by the same index as `scores`). */
  topReasons?: TopReasons;
}

/** Ranks the customers not excluded; `keep(i)` says whether customer i may be contacted. */
export function rankCandidates(customerIds: string[], scores: Float32Array, keep: (i: number) => boolean): RankedCandidates {
  const kept: number[] = [];
  for (let i = 0; i < customerIds.length; i++) if (keep(i)) kept.push(i);
  const order = Int32Array.from(kept).sort((a, b) => scores[b] - scores[a] || (customerIds[a] < customerIds[b] ? -1 : customerIds[a] > customerIds[b] ? 1 : 0));
  return { order, scores, customerIds };
}

/** How many of the ranked candidates the request takes. */
export function listLength(r: CampaignRequest, ranked: RankedCandidates): number {
  const n = ranked.order.length;
  if (r.top !== undefined) return Math.min(n, r.top);
  if (r.fraction !== undefined) return Math.min(n, Math.ceil(r.fraction * n));
  return expectedCoverageLength(
    Float64Array.from(ranked.order, (i) => ranked.scores[i]),
    r.coverage!,
  );
}

export const CAMPAIGN_HEADER = 'customer_id,rank,score,decile\n';
/** The header of a list with reasons: the top reason's code and Chinese text (empty when none holds), for the message. */
export const CAMPAIGN_HEADER_WITH_REASONS = 'customer_id,rank,score,decile,reason_code,reason_text_zh\n';
const ROWS_PER_WRITE = 8192;

export interface WrittenCampaignFile {
  sha256: string;
  bytes: number;
  /** Renames `path.partial` to `path`. */
  commit(): Promise<void>;
  /** Deletes `path.partial`. */
  discard(): Promise<void>;
}

/** RFC 4180 quoting, for the rare id with a comma, quote or line break. */
const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * Writes the first `length` ranked candidates to `path.partial`; the caller commits (renames) once
 * the export is recorded. The decile is the candidate's tenth of the whole ranked list (1 best), so
 * lists of any length share a scale.
 */
export async function writeCampaignFile(path: string, ranked: RankedCandidates, length: number): Promise<WrittenCampaignFile> {
  const file = await openPartialFile(path);
  const hash = createHash('sha256');
  let bytes = 0;
  const emit = async (text: string) => {
    hash.update(text);
    bytes += Buffer.byteLength(text);
    await file.write([text]);
  };
  try {
    const reasons = ranked.topReasons;
    await emit(reasons ? CAMPAIGN_HEADER_WITH_REASONS : CAMPAIGN_HEADER);
    const n = ranked.order.length;
    let chunk = '';
    for (let k = 0; k < length; k++) {
      const i = ranked.order[k];
      chunk += `${csvCell(ranked.customerIds[i])},${k + 1},${ranked.scores[i].toFixed(6)},${Math.floor((10 * k) / n) + 1}`;
      if (reasons) {
        const reason = reasons.codes[i] === NO_REASON ? null : servedReason(reasons.codes[i], reasons.values[i]);
        chunk += reason ? `,${reason.code},${csvCell(reason.text_zh)}` : ',,';
      }
      chunk += '\n';
      if ((k + 1) % ROWS_PER_WRITE === 0) {
        await emit(chunk);
        chunk = '';
      }
    }
    if (chunk) await emit(chunk);
  } catch (err) {
    await file.discard();
    throw err;
  }
  return { sha256: hash.digest('hex'), bytes, commit: () => file.commit(), discard: () => file.discard() };
}
