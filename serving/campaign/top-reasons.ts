/**
 * A campaign list's reason per customer (`--with-reasons`, for the SMS text): the top reason of the
 * product's row among the customer's shelf, attributed as a served answer's are (src/reasons/), so
 * the text says why the model ranks the product for the customer.
 */
import { choiceSharesWithinRuns } from '../../src/model-directory/choice-shares.js';
import type { FeatureColumns } from '../../src/model-directory/preprocessing.js';
import type { ScoringModel } from '../../src/model-directory/scoring-model.js';
import { attributeReasons, NO_REASON, REASONS_PER_ROW } from '../../src/reasons/index.js';

/** One reason per listed customer: the group's number (NO_REASON when none holds) and its text's value. */
export interface TopReasons {
  codes: Uint8Array;
  values: Float32Array;
}

/**
 * The top reason of each of `productRows`, attributed over the shelves `shelf` (indices into
 * `columns`; `keyOf(row)` names a row's customer). Returned in `productRows`' order.
 */
export function topReasonsOf(
  scoring: ScoringModel,
  columns: FeatureColumns,
  shelf: readonly number[],
  keyOf: (row: number) => string,
  productRows: readonly number[],
): TopReasons {
  // Each customer's rows as one run, wherever they are in `shelf`.
  const runs = new Map<string, number[]>();
  for (const r of shelf) {
    const key = keyOf(r);
    const rows = runs.get(key);
    if (rows) rows.push(r);
    else runs.set(key, [r]);
  }
  const rows = [...runs.values()].flat();
  const runLengths = [...runs.values()].map((run) => run.length);
  const shares = choiceSharesWithinRuns(scoring.score(columns, rows), runLengths);
  const reasons = attributeReasons(scoring, { columns, rows, runLengths }, shares);
  const at = new Map(rows.map((r, i) => [r, i * REASONS_PER_ROW]));
  const out: TopReasons = { codes: new Uint8Array(productRows.length).fill(NO_REASON), values: new Float32Array(productRows.length) };
  productRows.forEach((r, i) => {
    const slot = at.get(r);
    if (slot === undefined) return;
    out.codes[i] = reasons.codes[slot];
    out.values[i] = reasons.values[slot];
  });
  return out;
}
