/**
 * Whether the reasons are the model's: for each served item (a customer's best rows) with a reason,
 * does taking away its top reason's group lower its score more than taking away another group, drawn
 * at random (seeded) among those the model reads? The share of items where it does is the figure.
 *
 * Measured twice. On the served score (the choice share) the top reason is by construction the
 * largest drop among the groups whose text holds, so the figure says how often a group whose text
 * does not hold (or that the row's values do not support) weighs more. On the model's own
 * probability (before shares) nothing was chosen for it: it checks the attribution from outside.
 */
import { choiceSharesWithinRuns } from '../model-directory/choice-shares.js';
import type { ScoringModel } from '../model-directory/scoring-model.js';
import { Rng } from '../random.js';
import { pickReasons, reasonValues, scoresWithoutGroups, type ShelfRows } from './attribute-reasons.js';
import { NO_REASON, REASONS_PER_ROW } from './reason-groups.js';

export interface FaithfulnessCount {
  /** Items with a top reason. */
  items: number;
  /** Of them, those whose score dropped more without the top reason's group than without the random one. */
  topDropsMore: number;
  share: number;
}

export interface Faithfulness {
  /** On the served score, the choice share. */
  choiceShare: FaithfulnessCount;
  /** On the model's probability of purchase, before shares. */
  probability: FaithfulnessCount;
}

export interface FaithfulnessOptions {
  /** Items per customer: the best rows of each run by choice share (as served). */
  itemsPerCustomer: number;
  seed: number;
}

export function reasonFaithfulness(scoring: ScoringModel, shelf: ShelfRows, options: FaithfulnessOptions): Faithfulness {
  const raw = scoring.score(shelf.columns, shelf.rows);
  const shares = choiceSharesWithinRuns(raw, shelf.runLengths);
  const rawWithout = scoresWithoutGroups(scoring, shelf);
  const sharesWithout = rawWithout.map((scores) => scores && choiceSharesWithinRuns(scores, shelf.runLengths));
  const reasons = pickReasons(shares, sharesWithout, reasonValues(shelf));
  const readGroups = rawWithout.flatMap((scores, g) => (scores ? [g] : []));
  const rng = Rng.fromSeed(options.seed);
  const choiceShare = { items: 0, topDropsMore: 0, share: 0 };
  const probability = { items: 0, topDropsMore: 0, share: 0 };
  let start = 0;
  for (let run = 0; run < shelf.runLengths.length; run++) {
    const end = start + shelf.runLengths[run];
    const served = Array.from({ length: end - start }, (_, k) => start + k)
      .sort((a, b) => shares[b] - shares[a])
      .slice(0, options.itemsPerCustomer);
    for (const i of served) {
      const top = reasons.codes[i * REASONS_PER_ROW];
      if (top === NO_REASON || readGroups.length < 2) continue;
      const others = readGroups.filter((g) => g !== top);
      const other = others[rng.int(others.length)];
      choiceShare.items++;
      probability.items++;
      if (shares[i] - sharesWithout[top]![i] > shares[i] - sharesWithout[other]![i]) choiceShare.topDropsMore++;
      if (raw[i] - rawWithout[top]![i] > raw[i] - rawWithout[other]![i]) probability.topDropsMore++;
    }
    start = end;
  }
  for (const c of [choiceShare, probability]) c.share = c.items > 0 ? c.topDropsMore / c.items : Number.NaN;
  return { choiceShare, probability };
}
