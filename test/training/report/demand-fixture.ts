/**
 * A plausible demand evaluation for the report tests: the candidate, logistic regression and the
 * frequency rule over three test days of seeded customers, every metric from src/metrics. On the
 * last day nobody buys, so that day's AUC and shares do not exist (NaN and null).
 */
import { atExpectedCoverage, atThreshold, auc, gainCurve, logLoss, shareToReach } from '../../../src/metrics/index.js';
import type { DemandEvaluation, DemandScore } from '../../../training/demand/evaluate-demand.js';
import { FREQUENCY_RULE, LOGISTIC } from '../../../training/demand/evaluate-demand.js';
import { normal, seeded, sigmoid } from './seeded.js';

export const DEMAND_DAYS = ['2024-06-03', '2024-06-10', '2024-06-17'];
const CUSTOMERS = 120;

function score(labels: number[], scores: number[], probabilities: boolean): DemandScore {
  return {
    auc: auc(labels, scores),
    logloss: probabilities ? logLoss(labels, scores) : null,
    atThreshold: probabilities ? atThreshold(labels, scores, 0.5) : null,
    shareFor80: shareToReach(labels, scores, 0.8),
    atCoverageList: probabilities ? atExpectedCoverage(labels, scores, 0.8) : null,
    trainSeconds: probabilities ? 2.5 : null,
  };
}

export function demandFixture(): DemandEvaluation {
  const next = seeded(7);
  const candidate = 'candidate (mlp)';
  const pooled = {
    labels: [] as number[],
    scores: new Map<string, number[]>([
      [candidate, []],
      [LOGISTIC, []],
      [FREQUENCY_RULE, []],
    ]),
  };
  const days = DEMAND_DAYS.map((day, d) => {
    const labels: number[] = [];
    const byScorer = new Map<string, number[]>([
      [candidate, []],
      [LOGISTIC, []],
      [FREQUENCY_RULE, []],
    ]);
    for (let c = 0; c < CUSTOMERS; c++) {
      const z = normal(next);
      const label = d < 2 && next() < sigmoid(1.6 * z - 1.5) ? 1 : 0;
      labels.push(label);
      byScorer.get(candidate)!.push(sigmoid(1.4 * z - 1.4 + 0.5 * normal(next)));
      byScorer.get(LOGISTIC)!.push(sigmoid(1.0 * z - 1.3 + 0.9 * normal(next)));
      byScorer.get(FREQUENCY_RULE)!.push(Math.max(0, Math.round(3 + 2 * z + 2 * normal(next))));
    }
    pooled.labels.push(...labels);
    for (const [name, scores] of byScorer) pooled.scores.get(name)!.push(...scores);
    const scorers = Object.fromEntries([...byScorer].map(([name, scores]) => [name, score(labels, scores, name !== FREQUENCY_RULE)]));
    return { day, rows: labels.length, positives: labels.reduce((s, y) => s + y, 0), scorers };
  });
  const positives = pooled.labels.reduce((s, y) => s + y, 0);
  return {
    target: { horizonDays: 30, category: null },
    backend: { name: 'wasm', details: ['wasm SIMD: yes'] },
    architecture: 'mlp',
    days,
    pooled: {
      rows: pooled.labels.length,
      positives,
      scorers: Object.fromEntries([...pooled.scores].map(([name, scores]) => [name, score(pooled.labels, scores, name !== FREQUENCY_RULE)])),
    },
    gain: gainCurve(pooled.labels, pooled.scores.get(candidate)!, 50),
    seconds: 83.4,
  };
}
