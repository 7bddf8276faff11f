/**
 * A plausible evaluation report for rendering tests: four scorers (candidate "dcn", ablation "mlp",
 * baseline "popularity", "oracle") over three test days of small, seeded, hand-made occasions.
 * Every metric and curve comes from the real functions in src/metrics, so the numbers agree with
 * each other. On the last day two risk-level-5 customers buy nothing, so that segment's AUC and
 * MRR do not exist.
 */
import { auc, gainCurve, logLoss, rankingMetrics, reliabilityBins, rocCurve } from '../../../src/metrics/index.js';
import type { EvaluationReport, ScorerReport, SegmentMetrics } from '../../../training/report/report-data.js';
import { normal, seeded, sigmoid } from './seeded.js';

export const TEST_DAYS = ['2024-06-03', '2024-06-04', '2024-06-05'];
const CUSTOMERS_PER_DAY = 16;
const PRODUCTS = 5;
// Effect of each product on the chance of buying, and its share of past sales (the popularity baseline).
const PRODUCT_EFFECT = [0.9, 0.4, 0, -0.5, -1.0];
const PRODUCT_SHARE = [0.3, 0.22, 0.18, 0.12, 0.08];

interface Row {
  day: string;
  occasion: string;
  product: number;
  customerType: 'new' | 'existing';
  risk: number;
  label: number;
  /** The probability the label was drawn with: what the oracle knows. */
  truth: number;
}

const logit = (p: number) => Math.log(p / (1 - p));

function makeRows(next: () => number): Row[] {
  const rows: Row[] = [];
  TEST_DAYS.forEach((day, d) => {
    const customers = CUSTOMERS_PER_DAY + (d === 2 ? 2 : 0);
    for (let c = 0; c < customers; c++) {
      const quiet = d === 2 && c >= CUSTOMERS_PER_DAY; // the two risk-5 customers who buy nothing
      const customerType = c % 3 === 0 ? 'new' : 'existing';
      const risk = quiet ? 5 : 1 + (c % 4);
      for (let product = 0; product < PRODUCTS; product++) {
        // Customers lean to the product whose risk class matches theirs: signal a model can learn.
        const match = product === risk - 1 ? 1.4 : -0.4;
        const truth = sigmoid(-1.6 + PRODUCT_EFFECT[product] + match + (customerType === 'existing' ? 0.9 : -0.5));
        rows.push({ day, occasion: `${day}/${c}`, product, customerType, risk, label: !quiet && next() < truth ? 1 : 0, truth });
      }
    }
  });
  return rows;
}

function segment(rows: Row[], scores: number[], probabilities: boolean): SegmentMetrics {
  const labels = rows.map((r) => r.label);
  const area = auc(labels, scores);
  return {
    rows: rows.length,
    positives: labels.filter((y) => y === 1).length,
    auc: Number.isNaN(area) ? null : area,
    logloss: probabilities ? logLoss(labels, scores) : null,
    ranking: rankingMetrics(
      labels,
      scores,
      rows.map((r) => r.occasion),
    ),
  };
}

/** The metrics of `scores` over the rows that pass `keep`. */
function subset(rows: Row[], scores: number[], probabilities: boolean, keep: (r: Row) => boolean): SegmentMetrics {
  const picked = rows.map((_r, i) => i).filter((i) => keep(rows[i]));
  return segment(
    picked.map((i) => rows[i]),
    picked.map((i) => scores[i]),
    probabilities,
  );
}

function scorer(name: string, kind: ScorerReport['kind'], description: string, rows: Row[], scores: number[], probabilities: boolean): ScorerReport {
  const labels = rows.map((r) => r.label);
  const part = (keep: (r: Row) => boolean) => subset(rows, scores, probabilities, keep);
  return {
    name,
    kind,
    description,
    pooled: segment(rows, scores, probabilities),
    perDay: Object.fromEntries(TEST_DAYS.map((day) => [day, part((r) => r.day === day)])),
    byCustomerType: { new: part((r) => r.customerType === 'new'), existing: part((r) => r.customerType === 'existing') },
    byRiskLevel: Object.fromEntries([1, 2, 3, 4, 5].map((level) => [String(level), part((r) => r.risk === level)])),
    curves: {
      roc: rocCurve(labels, scores),
      gain: gainCurve(labels, scores),
      reliability: probabilities ? reliabilityBins(labels, scores) : [],
    },
  };
}

/** A fresh report each call, so a test may change it freely. */
export function reportFixture(): EvaluationReport {
  const next = seeded(20240603);
  const rows = makeRows(next);
  const noisy = (spread: number, shrink = 1) => rows.map((r) => sigmoid(logit(r.truth) * shrink + spread * normal(next)));
  const dcn = noisy(0.6);
  const mlp = noisy(1.1, 0.7);
  const champion = noisy(0.9);
  const popularity = rows.map((r) => PRODUCT_SHARE[r.product]);
  const customers = new Set(rows.map((r) => r.occasion)).size;
  return {
    formatVersion: 1,
    createdAt: '2024-06-06T07:30:00.000Z',
    model: { version: '2024-06-06-dcn-a1b2c3', architecture: 'dcn', seed: 42 },
    backend: { name: 'wasm', details: ['wasm SIMD: yes', 'wasm threads: no'], skipped: ['tensorflow: @tensorflow/tfjs-node is not installed'] },
    data: {
      samplesFile: 'data/samples/samples-2024-06-05.arrow',
      sourceHash: 'sha256:9f2c4e1d7a3b5c6d',
      firstTrainDay: '2024-01-02',
      lastTrainDay: '2024-06-04',
      testDays: [...TEST_DAYS],
      trainRows: 1_284_530,
      testRows: rows.length,
      testOccasions: customers,
    },
    evaluation: { mode: 'sliced', validationDays: 7, trainings: 3, seconds: 754.2 },
    scorers: [
      scorer('dcn', 'model', 'Deep & cross network on all feature families: the candidate.', rows, dcn, true),
      scorer('mlp', 'ablation', 'Plain multilayer perceptron on the same features, without the cross layers.', rows, mlp, true),
      scorer('popularity', 'baseline', "Each product's share of purchases in the training window; not a probability.", rows, popularity, false),
      scorer(
        'oracle',
        'oracle',
        'The probabilities the synthetic bank drew purchases from: an upper bound.',
        rows,
        rows.map((r) => r.truth),
        true,
      ),
    ],
    champion: { version: '2024-05-27-dcn-0f9e8d', pooled: segment(rows, champion, true) },
    history: [
      { epoch: 1, trainLoss: 0.6412, validLoss: 0.5987, seconds: 41.3 },
      { epoch: 2, trainLoss: 0.5521, validLoss: 0.5412, seconds: 39.8 },
      { epoch: 3, trainLoss: 0.5134, validLoss: 0.5236, seconds: 40.1 },
      { epoch: 4, trainLoss: 0.4927, validLoss: 0.5198, seconds: 40.6 },
      { epoch: 5, trainLoss: 0.4788, validLoss: 0.5221, seconds: 39.9 },
    ],
    notes: [
      'Risk level 5 has no purchase in the test days: its AUC and MRR do not exist.',
      'Oracle file for 2024-06-05 was rebuilt <after> the export & re-read.',
    ],
  };
}
