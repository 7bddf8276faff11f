/**
 * Time-sliced evaluation of the demand model: for each test as-of day t, the candidate and logistic
 * regression train on the days whose labels were known by t (planDemandSlices), stop early on the
 * latest of them, pick their decision threshold there (best F1), and are scored on day t beside a
 * rule the bank would use without a model.
 */
import { formatDay } from '../../src/domain/dates.js';
import { atThreshold, auc, bestF1Threshold, gainCurve, logLoss, shareToReach, type ThresholdMetrics } from '../../src/metrics/index.js';
import type { Architecture } from '../../src/model-directory/architecture.js';
import type { BackendChoice } from '../../src/tf-backend/select-backend.js';
import type { FitLoopOptions, FitResult } from '../fit-model.js';
import type { Samples } from '../samples.js';
import { trainOnRows } from '../train-on-rows.js';
import type { NumberEncodingChoice } from '../choose-number-encoding.js';
import { customerColumns, MODEL_FAMILIES, planCustomerDaySlices, rowsOnDays } from '../customer-day/customer-day-data.js';
import { CUSTOMER_FAMILIES } from '../../src/wide-table/feature-set.js';
import type { DemandTarget } from './demand-target.js';

export interface DemandEvaluationOptions {
  target: DemandTarget;
  testDays: number;
  architecture: Architecture;
  seed: number;
  fit: Omit<FitLoopOptions, 'seed' | 'onEpoch' | 'onBatch'>;
  backend: BackendChoice;
  /** false: the models leave out the horizon family (to measure what it adds); default true. */
  horizonFeatures?: boolean;
  /** How numbers are encoded (default `ple`; `auto`: chosen on each slice's validation day). */
  numberEncoding?: NumberEncodingChoice;
  onTrained?: (t: { testDay: string; label: string; fit: FitResult }) => void;
}

export interface DemandScore {
  auc: number;
  /** Null for rules, whose scores are not probabilities. */
  logloss: number | null;
  /** At the threshold chosen on the validation day; null for rules. */
  atThreshold: ThresholdMetrics | null;
  /** Share of customers, best first, to contact to reach 80% of those who bought. */
  shareFor80: number | null;
}

export interface DemandDayResult {
  day: string;
  rows: number;
  positives: number;
  scorers: Record<string, DemandScore>;
}

export interface DemandEvaluation {
  target: DemandTarget;
  backend: { name: string; details: string[] };
  architecture: Architecture;
  days: DemandDayResult[];
  pooled: { rows: number; positives: number; scorers: Record<string, DemandScore> };
  /** The candidate's gain curve over the pooled test rows. */
  gain: Array<{ share: number; reached: number }>;
  seconds: number;
}

/** The rule: customers who bought more often in the last year first (RFM's frequency). */
export const FREQUENCY_RULE = 'rule: purchases in 365 days';
export const LOGISTIC = 'logistic regression';

/** Appends without spreading: a day holds more rows than a call may take arguments. */
function append(to: number[], values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) to.push(values[i]);
}

export async function evaluateDemand(samples: Samples, options: DemandEvaluationOptions): Promise<DemandEvaluation> {
  const started = performance.now();
  const columns = customerColumns(samples, options.horizonFeatures === false ? CUSTOMER_FAMILIES : MODEL_FAMILIES.demand);
  const frequency = samples.numbers.get('purchases_count_365d');
  if (!frequency) throw new Error('the demand table has no purchases_count_365d feature');
  const candidateName = `candidate (${options.architecture})`;
  const names = [candidateName, LOGISTIC, FREQUENCY_RULE];
  const pooled = { labels: [] as number[], scores: new Map<string, number[]>(names.map((n) => [n, []])), decisions: new Map<string, number[]>() };
  const days: DemandDayResult[] = [];
  for (const slice of planCustomerDaySlices(samples, options.target.horizonDays, options.testDays)) {
    const trainRows = rowsOnDays(samples, slice.trainDays);
    const validRows = rowsOnDays(samples, [slice.validDay]);
    const testRows = rowsOnDays(samples, [slice.testDay]);
    const labels = Uint8Array.from(testRows, (r) => samples.labels[r]);
    const validLabels = Uint8Array.from(validRows, (r) => samples.labels[r]);
    const scorers: Record<string, DemandScore> = {};
    for (const [name, architecture] of [
      [candidateName, options.architecture],
      [LOGISTIC, 'logistic'],
    ] as const) {
      const trained = await trainOnRows(columns, trainRows, validRows, {
        architecture,
        numberEncoding: options.numberEncoding,
        fit: { ...options.fit, seed: options.seed },
      });
      try {
        options.onTrained?.({ testDay: formatDay(slice.testDay), label: name, fit: trained.fit });
        const threshold = bestF1Threshold(validLabels, trained.scoring.score(columns, validRows)).threshold;
        const scores = trained.scoring.score(columns, testRows);
        scorers[name] = {
          auc: auc(labels, scores),
          logloss: logLoss(labels, scores),
          atThreshold: atThreshold(labels, scores, threshold),
          shareFor80: shareToReach(labels, scores, 0.8),
        };
        append(pooled.scores.get(name)!, scores);
        // Each day keeps its own threshold: the pooled metrics count those 0/1 decisions.
        if (!pooled.decisions.has(name)) pooled.decisions.set(name, []);
        append(
          pooled.decisions.get(name)!,
          Uint8Array.from(scores, (x) => (x >= threshold ? 1 : 0)),
        );
      } finally {
        trained.scoring.dispose();
      }
    }
    const rule = Float32Array.from(testRows, (r) => (Number.isFinite(frequency[r]) ? frequency[r] : 0));
    scorers[FREQUENCY_RULE] = { auc: auc(labels, rule), logloss: null, atThreshold: null, shareFor80: shareToReach(labels, rule, 0.8) };
    append(pooled.scores.get(FREQUENCY_RULE)!, rule);
    append(pooled.labels, labels);
    days.push({ day: formatDay(slice.testDay), rows: testRows.length, positives: labels.reduce((s, x) => s + x, 0), scorers });
  }
  const positives = pooled.labels.reduce((s, x) => s + x, 0);
  const pooledScorers: Record<string, DemandScore> = {};
  for (const [name, scores] of pooled.scores) {
    const decisions = pooled.decisions.get(name);
    pooledScorers[name] = {
      auc: auc(pooled.labels, scores),
      logloss: name === FREQUENCY_RULE ? null : logLoss(pooled.labels, scores),
      atThreshold: decisions ? { ...atThreshold(pooled.labels, decisions, 1), threshold: NaN } : null,
      shareFor80: shareToReach(pooled.labels, scores, 0.8),
    };
  }
  return {
    target: options.target,
    backend: { name: options.backend.name, details: options.backend.details },
    architecture: options.architecture,
    days,
    pooled: { rows: pooled.labels.length, positives, scorers: pooledScorers },
    gain: gainCurve(pooled.labels, pooled.scores.get(candidateName)!, 50),
    seconds: (performance.now() - started) / 1000,
  };
}
