/**
 * Reference figures from the Hengfeng Bank wealth-management recommendation case, on that bank's
 * own data. Shown for context only: different customers, products and period, so not comparable
 * one-to-one with our numbers.
 */

export interface CaseFigures {
  segment: 'all' | 'new' | 'existing';
  label: string;
  auc: number;
  logloss: number;
  mrr: number;
}

export const CASE_SOURCE = 'Hengfeng Bank wealth-management recommendation case';

export const CASE_FIGURES: readonly CaseFigures[] = [
  { segment: 'all', label: 'All customers', auc: 0.89, logloss: 0.45, mrr: 0.78 },
  { segment: 'new', label: 'New customers', auc: 0.8, logloss: 0.73, mrr: 0.32 },
  { segment: 'existing', label: 'Existing customers', auc: 0.92, logloss: 0.38, mrr: 0.88 },
];
