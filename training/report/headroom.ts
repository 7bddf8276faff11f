/**
 * How far the candidate is from what a model can reach: the gap to the bound given past choices
 * (the headline), new customers' gap to the bound with no history, and, labelled out of reach, the
 * gap to the full oracle that knows hidden traits. Absent without an oracle in the report.
 */
import { isNumber, type MaybeNumber } from '../../src/report/format.js';
import { oracleScorerName } from '../oracle-scores.js';
import type { ScorerReport } from './report-data.js';

export interface Headroom {
  /** Bound minus candidate; null when a side is not known. */
  history: { name: string; auc: number | null; mrr: number | null } | null;
  newCustomers: { name: string; mrr: number | null } | null;
  fullOracle: { name: string; auc: number | null; mrr: number | null } | null;
}

const gap = (bound: MaybeNumber, ours: MaybeNumber) => (isNumber(bound) && isNumber(ours) ? bound - ours : null);

export function headroomOf(scorers: readonly ScorerReport[], candidate: ScorerReport | undefined): Headroom | null {
  if (!candidate) return null;
  const oracle = (column: Parameters<typeof oracleScorerName>[0]) => {
    const name = oracleScorerName(column);
    const scorer = scorers.find((s) => s.kind === 'oracle' && s.name === name);
    return scorer ? { name, scorer } : null;
  };
  const history = oracle('bound_history');
  const noHistory = oracle('bound_no_history');
  const full = oracle('probability');
  if (!history && !noHistory && !full) return null;
  return {
    history: history && {
      name: history.name,
      auc: gap(history.scorer.pooled.auc, candidate.pooled.auc),
      mrr: gap(history.scorer.pooled.ranking?.mrr, candidate.pooled.ranking?.mrr),
    },
    newCustomers: noHistory && {
      name: noHistory.name,
      mrr: gap(noHistory.scorer.byCustomerType?.new?.ranking?.mrr, candidate.byCustomerType?.new?.ranking?.mrr),
    },
    fullOracle: full && {
      name: full.name,
      auc: gap(full.scorer.pooled.auc, candidate.pooled.auc),
      mrr: gap(full.scorer.pooled.ranking?.mrr, candidate.pooled.ranking?.mrr),
    },
  };
}
