/**
 * Time-sliced evaluation of the demand model: for each test as-of day t, the candidate and logistic
 * regression train on the days whose labels were known by t (planDemandSlices), stop early on the
 * latest of them, pick their decision threshold there (best F1), and are scored on day t beside a
 * rule the bank would use without a model.
 */
import { formatDay } from '../../src/domain/dates.js';
import {
  atExpectedCoverage,
  atThreshold,
  auc,
  expectedCoverageList,
  bestF1Threshold,
  gainCurve,
  logLoss,
  shareToReach,
  type ThresholdMetrics,
} from '../../src/metrics/index.js';
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
  /** Outside scorers (a benchmark's GBDT peer) trained on the very same rows of each slice and scored alike. */
  peers?: DemandPeer[];
}

/** The rows of one slice: train on `train`, stop early on `valid` (the latest days before the test day), score `test`. */
export interface DemandSliceRows {
  train: Int32Array;
  valid: Int32Array;
  test: Int32Array;
}

export interface DemandPeer {
  name: string;
  /** Probabilities for the slice's validation and test rows, in their order, and the seconds training took. */
  score(rows: DemandSliceRows): Promise<{ valid: Float32Array; test: Float32Array; trainSeconds: number }>;
}

export interface DemandScore {
  auc: number;
  /** Null for rules, whose scores are not probabilities. */
  logloss: number | null;
  /** At the threshold chosen on the validation day; null for rules. */
  atThreshold: ThresholdMetrics | null;
  /** Share of customers, best first, to contact to reach 80% of those who bought. */
  shareFor80: number | null;
  /**
   * The list `campaign export --coverage 0.8` would send (expected buyers, the sum of the
   * probabilities, reach 80% of all): its share of customers, precision and recall. Null for rules.
   */
  atCoverageList: ThresholdMetrics | null;
  /** Seconds spent training (summed over the test days when pooled); null for rules. */
  trainSeconds: number | null;
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
/** The coverage of the campaign list the evaluation sizes, as the export's `--coverage 0.8`. */
export const LIST_COVERAGE = 0.8;

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
  const peers = options.peers ?? [];
  const names = [candidateName, LOGISTIC, ...peers.map((p) => p.name), FREQUENCY_RULE];
  const trainSeconds = new Map<string, number>();
  const pooled = {
    labels: [] as number[],
    scores: new Map<string, number[]>(names.map((n) => [n, []])),
    decisions: new Map<string, number[]>(),
    listed: new Map<string, number[]>(),
  };
  const days: DemandDayResult[] = [];
  for (const slice of planCustomerDaySlices(samples, options.target.horizonDays, options.testDays)) {
    const trainRows = rowsOnDays(samples, slice.trainDays);
    const validRows = rowsOnDays(samples, [slice.validDay]);
    const testRows = rowsOnDays(samples, [slice.testDay]);
    const labels = Uint8Array.from(testRows, (r) => samples.labels[r]);
    const validLabels = Uint8Array.from(validRows, (r) => samples.labels[r]);
    const scorers: Record<string, DemandScore> = {};
    /** Records a model's metrics on this day (threshold: the best F1 on the validation day) and adds its scores to the pooled ones. */
    const record = (name: string, validScores: Float32Array, scores: Float32Array, seconds: number) => {
      const threshold = bestF1Threshold(validLabels, validScores).threshold;
      scorers[name] = {
        auc: auc(labels, scores),
        logloss: logLoss(labels, scores),
        atThreshold: atThreshold(labels, scores, threshold),
        shareFor80: shareToReach(labels, scores, 0.8),
        atCoverageList: atExpectedCoverage(labels, scores, LIST_COVERAGE),
        trainSeconds: seconds,
      };
      trainSeconds.set(name, (trainSeconds.get(name) ?? 0) + seconds);
      append(pooled.scores.get(name)!, scores);
      // Each day's list is sized on that day's scores, as each campaign's would be.
      if (!pooled.listed.has(name)) pooled.listed.set(name, []);
      append(pooled.listed.get(name)!, expectedCoverageList(scores, LIST_COVERAGE));
      // Each day keeps its own threshold: the pooled metrics count those 0/1 decisions.
      if (!pooled.decisions.has(name)) pooled.decisions.set(name, []);
      append(
        pooled.decisions.get(name)!,
        Uint8Array.from(scores, (x) => (x >= threshold ? 1 : 0)),
      );
    };
    for (const [name, architecture] of [
      [candidateName, options.architecture],
      [LOGISTIC, 'logistic'],
    ] as const) {
      const trainingStarted = performance.now();
      const trained = await trainOnRows(columns, trainRows, validRows, {
        architecture,
        numberEncoding: options.numberEncoding,
        fit: { ...options.fit, seed: options.seed },
      });
      const seconds = (performance.now() - trainingStarted) / 1000;
      try {
        options.onTrained?.({ testDay: formatDay(slice.testDay), label: name, fit: trained.fit });
        record(name, trained.scoring.score(columns, validRows), trained.scoring.score(columns, testRows), seconds);
      } finally {
        trained.scoring.dispose();
      }
    }
    for (const peer of peers) {
      const scored = await peer.score({ train: trainRows, valid: validRows, test: testRows });
      record(peer.name, scored.valid, scored.test, scored.trainSeconds);
    }
    const rule = Float32Array.from(testRows, (r) => (Number.isFinite(frequency[r]) ? frequency[r] : 0));
    scorers[FREQUENCY_RULE] = {
      auc: auc(labels, rule),
      logloss: null,
      atThreshold: null,
      shareFor80: shareToReach(labels, rule, 0.8),
      atCoverageList: null,
      trainSeconds: null,
    };
    append(pooled.scores.get(FREQUENCY_RULE)!, rule);
    append(pooled.labels, labels);
    days.push({ day: formatDay(slice.testDay), rows: testRows.length, positives: labels.reduce((s, x) => s + x, 0), scorers });
  }
  const positives = pooled.labels.reduce((s, x) => s + x, 0);
  const pooledScorers: Record<string, DemandScore> = {};
  for (const [name, scores] of pooled.scores) {
    const decisions = pooled.decisions.get(name);
    const listed = pooled.listed.get(name);
    pooledScorers[name] = {
      auc: auc(pooled.labels, scores),
      logloss: name === FREQUENCY_RULE ? null : logLoss(pooled.labels, scores),
      atThreshold: decisions ? { ...atThreshold(pooled.labels, decisions, 1), threshold: NaN } : null,
      shareFor80: shareToReach(pooled.labels, scores, 0.8),
      atCoverageList: listed ? { ...atThreshold(pooled.labels, listed, 1), threshold: NaN } : null,
      trainSeconds: trainSeconds.get(name) ?? null,
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
