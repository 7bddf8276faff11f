/**
 * Reasons from the model, not from rules beside it. For each reason group, the rows are scored again
 * with the group's features set to their training baseline (feature-baselines.ts); the group's part in
 * a row's served score (its choice share, choice-shares.ts) is the share with the group minus the share
 * without it. A row keeps the strongest groups whose part is positive and whose text holds for the row
 * (reason-groups.ts), at most REASONS_PER_ROW. One extra scoring per group the model reads: done when
 * a snapshot is scored or a list computed, never per request.
 */
import { choiceSharesWithinRuns } from '../model-directory/choice-shares.js';
import { applyPreprocessing, numberWidth, type FeatureColumns, type Preprocessing } from '../model-directory/preprocessing.js';
import type { ScoringModel } from '../model-directory/scoring-model.js';
import { featureBaselines } from './feature-baselines.js';
import { NO_REASON, REASON_GROUPS, REASONS_PER_ROW } from './reason-groups.js';

export interface RowReasons {
  /** REASONS_PER_ROW per row, strongest first: the group's number in REASON_GROUPS, NO_REASON where there is none. */
  codes: Uint8Array;
  /** The value each reason's text shows, beside its code (0 where there is none). */
  values: Float32Array;
}

/** The rows to explain: indices into `columns`, in runs of one customer's shelf (`runLengths` add up to rows.length). */
export interface ShelfRows {
  columns: FeatureColumns;
  rows: ArrayLike<number>;
  runLengths: ArrayLike<number>;
}

export function emptyReasons(rows: number): RowReasons {
  return { codes: new Uint8Array(rows * REASONS_PER_ROW).fill(NO_REASON), values: new Float32Array(rows * REASONS_PER_ROW) };
}

/** Rows preprocessed at once: the matrix and a copy per group are 2 x rows x width floats (32 MB at width 500). */
const ATTRIBUTION_BLOCK = 8192;

/**
 * Where each group's features sit in the model's input row, and what they read at baseline: the
 * inputs of a number feature (its encoding's, then its missing indicator) follow the order of
 * preprocessing.numbers (preprocessing.ts). Null for a group the model does not read.
 */
function groupInputs(p: Preprocessing): Array<{ slots: Int32Array; baseline: Float32Array } | null> {
  const baselines = featureBaselines(p);
  // The baseline row, encoded as every row is: one row whose numbers are all at baseline.
  const oneRow: FeatureColumns = {
    numbers: new Map(p.numbers.map((t) => [t.name, Float32Array.of(baselines.get(t.name)!)])),
    categories: new Map(p.categories.map((c) => [c.name, [null]])),
  };
  const encoded = applyPreprocessing(p, oneRow, [0]);
  const inputsOf = new Map<string, number[]>();
  let offset = 0;
  for (const t of p.numbers) {
    const width = numberWidth(t);
    inputsOf.set(
      t.name,
      Array.from({ length: width }, (_, k) => offset + k),
    );
    offset += width;
  }
  return REASON_GROUPS.map((group) => {
    const slots = group.features.flatMap((name) => inputsOf.get(name) ?? []);
    if (slots.length === 0) return null;
    return { slots: Int32Array.from(slots), baseline: Float32Array.from(slots, (slot) => encoded[slot]) };
  });
}

/**
 * Each group's scores (the model's, before shares) with the group taken away, row by row; null for a
 * group the model does not read. The rows are preprocessed once; each group overwrites its inputs
 * with their baseline encoding in a copy (the network is most of the cost, preprocessing a third).
 */
export function scoresWithoutGroups(scoring: ScoringModel, shelf: ShelfRows): Array<Float32Array | null> {
  const p = scoring.preprocessing;
  const width = p.width;
  const groups = groupInputs(p);
  const out = groups.map((g) => g && new Float32Array(shelf.rows.length));
  for (let start = 0; start < shelf.rows.length; start += ATTRIBUTION_BLOCK) {
    const block = Array.prototype.slice.call(shelf.rows, start, Math.min(shelf.rows.length, start + ATTRIBUTION_BLOCK)) as number[];
    const values = applyPreprocessing(p, shelf.columns, block);
    const varied = new Float32Array(values.length);
    groups.forEach((g, k) => {
      if (!g) return;
      varied.set(values);
      for (let i = 0, base = 0; i < block.length; i++, base += width) for (let s = 0; s < g.slots.length; s++) varied[base + g.slots[s]] = g.baseline[s];
      out[k]!.set(scoring.scoreInputs(varied), start);
    });
  }
  return out;
}

/** Each group's choice shares with the group taken away. */
export function sharesWithoutGroups(scoring: ScoringModel, shelf: ShelfRows): Array<Float32Array | null> {
  return scoresWithoutGroups(scoring, shelf).map((scores) => scores && choiceSharesWithinRuns(scores, shelf.runLengths));
}

/**
 * The value each group's text would show for each row, NaN where the reason does not hold (a cited
 * feature unknown, or the condition false): group-major, groups x rows.
 */
export function reasonValues(shelf: Pick<ShelfRows, 'columns' | 'rows'>): Float32Array[] {
  const { columns, rows } = shelf;
  return REASON_GROUPS.map((group) => {
    const cited = group.cites.map((name) => {
      const column = columns.numbers.get(name);
      if (!column) throw new Error(`reason ${group.code}: the rows have no number feature "${name}"`);
      return column;
    });
    const values = new Float32Array(rows.length);
    const row = new Array<number>(cited.length);
    for (let i = 0; i < rows.length; i++) {
      let known = true;
      for (let c = 0; c < cited.length; c++) {
        row[c] = cited[c][rows[i]];
        if (!Number.isFinite(row[c])) known = false;
      }
      const value = known ? group.value(row) : null;
      values[i] = value === null ? Number.NaN : value;
    }
    return values;
  });
}

/** The reasons of every row: `shares` are the rows' served choice shares, in row order. */
export function attributeReasons(scoring: ScoringModel, shelf: ShelfRows, shares: Float32Array): RowReasons {
  return pickReasons(shares, sharesWithoutGroups(scoring, shelf), reasonValues(shelf));
}

/** Per row, the groups that hold with a positive part, strongest first (ties: the earlier group). */
export function pickReasons(shares: Float32Array, without: ReadonlyArray<Float32Array | null>, values: readonly Float32Array[]): RowReasons {
  const out = emptyReasons(shares.length);
  const best = new Float64Array(REASONS_PER_ROW);
  for (let i = 0; i < shares.length; i++) {
    best.fill(0);
    const at = i * REASONS_PER_ROW;
    for (let g = 0; g < without.length; g++) {
      const groupShares = without[g];
      const value = values[g][i];
      if (!groupShares || Number.isNaN(value)) continue;
      const part = shares[i] - groupShares[i];
      if (!(part > 0)) continue;
      // Insert into the row's top list (3 slots), shifting weaker ones down.
      let slot = REASONS_PER_ROW;
      while (slot > 0 && (out.codes[at + slot - 1] === NO_REASON || best[slot - 1] < part)) slot--;
      if (slot === REASONS_PER_ROW) continue;
      for (let s = REASONS_PER_ROW - 1; s > slot; s--) {
        best[s] = best[s - 1];
        out.codes[at + s] = out.codes[at + s - 1];
        out.values[at + s] = out.values[at + s - 1];
      }
      best[slot] = part;
      out.codes[at + slot] = g;
      out.values[at + slot] = value;
    }
  }
  return out;
}
