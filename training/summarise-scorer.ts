/** One scorer's scores on the test set, turned into the report's metrics, segments and curves. */
import { formatDay } from '../src/domain/dates.js';
import { auc, gainCurve, logLoss, rankingMetrics, reliabilityBins, rocCurve } from '../src/metrics/index.js';
import type { ScorerReport, SegmentMetrics } from './report/report-data.js';
import type { TestSet } from './test-set.js';

export interface Scorer {
  name: string;
  kind: ScorerReport['kind'];
  description: string;
  /** True when scores are probabilities (logloss and the reliability diagram make sense). */
  probabilities: boolean;
}

export function summariseScorer(scorer: Scorer, test: TestSet, scores: Float32Array): ScorerReport {
  const segment = (keep: (i: number) => boolean): SegmentMetrics => {
    const picked: number[] = [];
    for (let i = 0; i < scores.length; i++) if (keep(i)) picked.push(i);
    const labels = picked.map((i) => test.labels[i]);
    const s = picked.map((i) => scores[i]);
    const a = picked.length > 0 ? auc(labels, s) : NaN;
    return {
      rows: picked.length,
      positives: labels.reduce((sum, l) => sum + l, 0),
      auc: Number.isFinite(a) ? a : null,
      logloss: scorer.probabilities && picked.length > 0 ? logLoss(labels, s) : null,
      ranking: rankingMetrics(
        labels,
        s,
        picked.map((i) => test.occasions[i]),
      ),
    };
  };
  const perDay: Record<string, SegmentMetrics> = {};
  for (const day of [...new Set(test.days)].sort((a, b) => a - b)) perDay[formatDay(day)] = segment((i) => test.days[i] === day);
  const byRiskLevel: Record<string, SegmentMetrics> = {};
  for (const level of [...new Set(test.riskLevel)].sort()) byRiskLevel[String(level)] = segment((i) => test.riskLevel[i] === level);
  return {
    name: scorer.name,
    kind: scorer.kind,
    description: scorer.description,
    pooled: segment(() => true),
    perDay,
    byCustomerType: { new: segment((i) => test.isNew[i] === 1), existing: segment((i) => test.isNew[i] === 0) },
    byRiskLevel,
    curves: {
      roc: rocCurve(test.labels, scores),
      gain: gainCurve(test.labels, scores),
      reliability: scorer.probabilities ? reliabilityBins(test.labels, scores) : [],
    },
  };
}
