/**
 * What an evaluation report holds: the content of metrics.json, from which report.html and the
 * Markdown summary are rendered. Plain JSON (no typed arrays), so a report can be re-rendered or
 * compared with another one later.
 */
import type { RankingMetrics } from '../../src/metrics/index.js';

/** Metrics of one scorer over one set of test rows. */
export interface SegmentMetrics {
  rows: number;
  positives: number;
  /** null when the rows hold only one class. */
  auc: number | null;
  /** null for scorers whose scores are not probabilities (popularity, expert rule). */
  logloss: number | null;
  ranking: RankingMetrics;
}

/** One scorer evaluated: the candidate model, an ablation model, a baseline, or the oracle. */
export interface ScorerReport {
  name: string;
  kind: 'model' | 'ablation' | 'baseline' | 'oracle';
  description: string;
  pooled: SegmentMetrics;
  /** Keyed by ISO date of the test day. */
  perDay: Record<string, SegmentMetrics>;
  /** `new`: no purchase before the day; `existing`: at least one. */
  byCustomerType: { new: SegmentMetrics; existing: SegmentMetrics };
  /** Keyed by customer risk level 1..5 (unknown counts as 1). */
  byRiskLevel: Record<string, SegmentMetrics>;
  curves: {
    /** ROC curve, at most ~200 points from (0,0) to (1,1). */
    roc: Array<{ fpr: number; tpr: number }>;
    /** Gain: share of test rows taken best-first against share of purchases reached, from (0,0) to (1,1). */
    gain: Array<{ share: number; reached: number }>;
    /** Reliability: predicted vs observed rate in 10 equal-width bins; empty when not probabilities. */
    reliability: Array<{ predicted: number; observed: number; rows: number }>;
  };
}

export interface EvaluationReport {
  formatVersion: 1;
  createdAt: string;
  /** The candidate: the model trained with the chosen architecture (trained on the last slice). */
  model: { version: string | null; architecture: string; seed: number };
  backend: { name: string; details: string[]; skipped: string[] };
  data: {
    samplesFile: string;
    sourceHash: string;
    /** First and last day of samples used for training in any slice. */
    firstTrainDay: string;
    /** The last day any model saw: the day before the last test day in sliced mode. */
    lastTrainDay: string;
    testDays: string[];
    trainRows: number;
    testRows: number;
    testOccasions: number;
  };
  /** `sliced`: one model per test day trained on what precedes it; `once`: one model before the first test day. */
  evaluation: { mode: 'sliced' | 'once'; validationDays: number; trainings: number; seconds: number };
  scorers: ScorerReport[];
  /** The current champion's pooled metrics on the same test rows, when there is one. */
  champion: { version: string; pooled: SegmentMetrics } | null;
  /** Training history of the candidate's last training: one entry per epoch. */
  history: Array<{ epoch: number; trainLoss: number; validLoss: number; seconds: number }>;
  /** Things an analyst should know (e.g. an oracle file missing, a segment too small). */
  notes: string[];
}
