/**
 * Ranking quality on the 100k-customer synthetic bank against the baselines, the generator's three
 * oracle scorers (the full oracle, which knows hidden traits, and the two bounds a model can reach)
 * and XGBoost (bench/lib/xgboost-peer.ts, trained on the same training rows, stopped early on the
 * same validation days, scored by the same summariseScorer), with issue 18's targets checked: AUC
 * within 0.005 and MRR within 0.01 of the history bound, new-customer MRR within 0.01 of the
 * no-history bound, ahead of XGBoost, training no longer than XGBoost's. Our model is trained once per --encodings (before/after: the old
 * `standard`, the default `ple`); the default encoding's run is the full one (ablation, report).
 * Usage: node dist/bench/training-quality.js [--customers 100000] [--days 400] [--mode once|sliced]
 *        [--arch mlp|dcn] [--batch-size 2048] [--negative-rate 1] [--workers 1] [--listwise-weight 1] [--train-days N]
 *        [--encodings standard,ple] [--report DIR] [--work DIR]
 */
import { parseArgs } from 'node:util';
import { choiceSharesByKey } from '../src/model-directory/choice-shares.js';
import { DEFAULT_ARCHITECTURE, type Architecture } from '../src/model-directory/architecture.js';
import { selectBackend } from '../src/tf-backend/select-backend.js';
import { NUMBER_ENCODING_CHOICES, type NumberEncodingChoice } from '../training/choose-number-encoding.js';
import { evaluate, type Evaluation } from '../training/evaluate.js';
import { DEFAULT_FIT_OPTIONS } from '../training/fit-model.js';
import { DEFAULT_LISTWISE_WEIGHT } from '../training/task/index.js';
import { DEFAULT_NUMBER_ENCODING } from '../training/fit-preprocessing.js';
import { oracleScorerName, readOracleChoice } from '../training/oracle-scores.js';
import type { ScorerReport } from '../training/report/report-data.js';
import { writeReport } from '../training/report/write-report.js';
import { daysOf, loadSamples, rowsBetween } from '../training/samples.js';
import { summariseScorer } from '../training/summarise-scorer.js';
import { planSlices } from '../training/time-slices.js';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';
import { targetCheck } from './lib/target-check.js';
import { ensureTrainingBank } from './lib/training-bank.js';
import { ensureXgboost, runXgboostPeer, type PeerSummary } from './lib/xgboost-peer.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    days: { type: 'string', default: '400' },
    mode: { type: 'string', default: 'once' },
    arch: { type: 'string', default: DEFAULT_ARCHITECTURE },
    'batch-size': { type: 'string', default: '2048' },
    'negative-rate': { type: 'string', default: '1' },
    workers: { type: 'string', default: '1' },
    'listwise-weight': { type: 'string', default: String(DEFAULT_LISTWISE_WEIGHT) },
    'train-days': { type: 'string' },
    encodings: { type: 'string', default: `standard,${DEFAULT_NUMBER_ENCODING}` },
    report: { type: 'string', default: '.bench-work/report-quality' },
    work: { type: 'string', default: '.bench-work' },
  },
});
const encodings = values.encodings!.split(',') as NumberEncodingChoice[];
const listwiseWeight = Number(values['listwise-weight']);
for (const e of encodings) if (!NUMBER_ENCODING_CHOICES.includes(e)) throw new Error(`--encodings: "${e}" is not one of ${NUMBER_ENCODING_CHOICES.join(', ')}`);
// The full run (ablation, report, targets) is the default encoding's, or the last listed.
const main = encodings.includes(DEFAULT_NUMBER_ENCODING) ? DEFAULT_NUMBER_ENCODING : encodings.at(-1)!;
ensureXgboost();
const bank = await ensureTrainingBank(values.work!, Number(values.customers), Number(values.days));
const backend = await selectBackend('auto');
const samples = await loadSamples(bank.samples);
const started = performance.now();
const plan = {
  mode: values.mode as 'once' | 'sliced',
  testDays: 10,
  validationDays: 3,
  trainDays: values['train-days'] ? Number(values['train-days']) : undefined,
};

// XGBoost on evaluate's own slices: the same training rows, validation days and test rows, in its order.
const peerScores: Float32Array[] = [];
let peerSeconds = 0;
let peerSummary: PeerSummary | undefined;
for (const slice of planSlices(daysOf(samples), plan)) {
  const split = {
    train: rowsBetween(samples, slice.trainFrom, slice.trainTo),
    valid: rowsBetween(samples, slice.validFrom, slice.validTo),
    tests: [rowsBetween(samples, slice.testDays[0], slice.testDays.at(-1)!)],
  };
  const peer = runXgboostPeer(samples, split, { seed: 7, time: samples.asOf, workDir: values.work });
  console.error(`XGBoost: ${peer.trainSeconds.toFixed(0)} s, best iteration ${peer.bestIteration}`);
  peerScores.push(peer.scores[0]);
  peerSeconds += peer.trainSeconds;
  peerSummary = peer.summary;
}

const runs: Array<{ encoding: NumberEncodingChoice; evaluation: Evaluation; modelSeconds: number }> = [];
for (const encoding of encodings) {
  const trainingsPerSlice = encoding === main ? 3 : 2; // the candidate, (the ablation,) logistic regression
  let modelSeconds = 0;
  let lastTrained = performance.now();
  const evaluation = await evaluate(samples, {
    ...plan,
    architecture: values.arch as Architecture,
    ablation: encoding === main ? [values.arch === 'dcn' ? 'mlp' : 'dcn'] : [],
    numberEncoding: encoding,
    seed: 7,
    // The product's listwise loss trains in one thread: --workers counts only with --listwise-weight 0.
    fit: {
      ...DEFAULT_FIT_OPTIONS,
      batchSize: Number(values['batch-size']),
      negativeRate: Number(values['negative-rate']),
      listwiseWeight,
      workers: listwiseWeight > 0 ? 1 : Number(values.workers),
    },
    backend,
    samplesFile: bank.samples,
    oracle: await readOracleChoice(bank.oracle),
    onTrained: (t) => {
      // The candidate trains first on each slice: the time since the previous training is its own.
      if (t.training % trainingsPerSlice === 1) modelSeconds += (performance.now() - lastTrained) / 1000;
      lastTrained = performance.now();
      console.error(`${encoding}: trained ${t.training}/${t.trainings} ${t.label}: ${t.fit.history.length} epochs, ${Math.round(t.fit.rowsPerSecond)} rows/s`);
    },
  });
  runs.push({ encoding, evaluation, modelSeconds });
}
const full = runs.find((r) => r.encoding === main)!;
const evaluation = full.evaluation;
const seconds = (performance.now() - started) / 1000;
await writeReport(values.report!, evaluation.report);

const { scorers } = evaluation.report;
const model = scorers[0];
const oracle = scorers.find((s) => s.name === oracleScorerName('probability'))!;
const xgboost = summariseScorer(
  { name: 'XGBoost', kind: 'baseline', description: 'gradient-boosted trees, the peer', probabilities: true },
  evaluation.test,
  Float32Array.from(peerScores.flatMap((p) => Array.from(p))),
);
// Ours are choice shares of their occasion (training/evaluate.ts), as served; XGBoost's raw scores are shown too,
// and the targets compare like with like: XGBoost as shares, which is the stronger of its two (BENCHMARKS.md ablation).
const xgboostShares = summariseScorer(
  { name: 'XGBoost, as choice shares', kind: 'baseline', description: 'the peer, each score over its occasion sum', probabilities: true },
  evaluation.test,
  choiceSharesByKey(Float32Array.from(peerScores.flatMap((p) => Array.from(p))), evaluation.test.occasions),
);
const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
const timing = (modelSeconds: number) => `${modelSeconds.toFixed(0)} | ${(modelSeconds / peerSeconds).toFixed(1)}`;
const row = (s: ScorerReport, kind: string = s.kind, time = ' | ') =>
  `| ${s.name} | ${kind} | ${f(s.pooled.auc)} | ${f(s.pooled.logloss)} | ${f(s.pooled.ranking.mrr)} | ${f(s.pooled.ranking.topN.find((t) => t.n === 3)!.hitRate)} | ${f(s.byCustomerType.new.auc)} / ${f(s.byCustomerType.new.logloss)} / ${f(s.byCustomerType.new.ranking.mrr)} | ${f(s.byCustomerType.existing.auc)} / ${f(s.byCustomerType.existing.logloss)} / ${f(s.byCustomerType.existing.ranking.mrr)} | ${time} |`;
const rows = [
  ...runs.map((r) =>
    row({ ...r.evaluation.report.scorers[0], name: `${r.evaluation.report.scorers[0].name}, \`${r.encoding}\`` }, 'model', timing(r.modelSeconds)),
  ),
  row(xgboost, 'peer', `${peerSeconds.toFixed(0)} | 1`),
  row(xgboostShares, 'peer', `${peerSeconds.toFixed(0)} | 1`),
  ...scorers.slice(1).map((s) => row(s)),
];
const p = peerSummary!.parameters;
const baselines = scorers.filter((s) => s.kind === 'baseline');
// Issue 18: the gaps that matter are to what a model can reach (the bounds), not to the full oracle.
const historyBound = scorers.find((s) => s.name === oracleScorerName('bound_history'));
const noHistoryBound = scorers.find((s) => s.name === oracleScorerName('bound_no_history'));
const targets = [
  ...(historyBound
    ? [
        targetCheck('history bound AUC - model AUC', historyBound.pooled.auc! - model.pooled.auc!, 0.005, 'below'),
        targetCheck('history bound MRR - model MRR', historyBound.pooled.ranking.mrr - model.pooled.ranking.mrr, 0.01, 'below'),
      ]
    : []),
  ...(noHistoryBound
    ? [
        targetCheck(
          'new customers: no-history bound MRR - model MRR',
          noHistoryBound.byCustomerType.new.ranking.mrr - model.byCustomerType.new.ranking.mrr,
          0.01,
          'below',
        ),
      ]
    : []),
  targetCheck('model AUC - XGBoost (as shares) AUC', model.pooled.auc! - xgboostShares.pooled.auc!, 0, 'above'),
  targetCheck('model MRR - XGBoost MRR', model.pooled.ranking.mrr - xgboostShares.pooled.ranking.mrr, 0, 'above'),
  targetCheck('model training s / XGBoost training s', full.modelSeconds / peerSeconds, 1, 'below'),
  ...baselines.map((b) => targetCheck(`model MRR - ${b.name} MRR`, model.pooled.ranking.mrr - b.pooled.ranking.mrr, 0, 'above')),
];
const d = evaluation.report.data;
const body = `
## Ranking quality against the achievable bounds and XGBoost (training)

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machineLine()}
- Command: \`npm run bench:training-quality -- --customers ${values.customers} --days ${values.days} --arch ${values.arch} --mode ${values.mode} --batch-size ${values['batch-size']} --negative-rate ${values['negative-rate']} --workers ${values.workers} --listwise-weight ${listwiseWeight}${values['train-days'] ? ` --train-days ${values['train-days']}` : ''} --encodings ${encodings.join(',')}\`
- Backend: ${backend.name} (${backend.details.join('; ')})
- Data: ${Number(values.customers).toLocaleString('en')}-customer synthetic bank (seed 1); evaluation mode \`${values.mode}\`; trained on ${d.firstTrainDay}..${d.lastTrainDay} (${d.trainRows.toLocaleString('en')} training rows), tested on ${d.testDays[0]}..${d.testDays.at(-1)}: ${d.testOccasions.toLocaleString('en')} occasions, ${d.testRows.toLocaleString('en')} rows; ${runs.reduce((n, r) => n + r.evaluation.report.evaluation.trainings, 0)} trainings of ours and ${peerScores.length} of XGBoost in ${seconds.toFixed(0)} s

| scorer | kind | AUC | logloss | MRR | hit@3 | new: AUC / logloss / MRR | existing: AUC / logloss / MRR | training s | time ours / XGBoost |
|---|---|---:|---:|---:|---:|---|---|---:|---:|
${rows.join('\n')}

Our model's scores, and the other networks', are choice shares: each over the sum of its occasion's (\`src/model-directory/choice-shares.ts\`), as the API serves and campaigns multiply them; the order within an occasion (MRR, hit@3) is the network's own. Our model per number encoding: \`standard\` is the old one (before), \`${DEFAULT_NUMBER_ENCODING}\` the default (after); the targets below are checked on \`${main}\`. Training seconds: ours the whole training on ${backend.name}, XGBoost \`xgb.train\` alone. XGBoost ${peerSummary!.xgboost} (\`bench/peer/xgboost_peer.py\`): max_depth ${p.max_depth}, eta ${p.eta}, subsample ${p.subsample}, colsample_bytree ${p.colsample_bytree}, up to ${p.max_rounds} rounds, early stopping ${p.early_stopping_rounds} on the validation days, nthread ${p.nthread}, \`hist\`; raw numbers, categories as integer codes; it stopped at iteration ${peerSummary!.best_iteration + 1} (validation logloss ${peerSummary!.best_valid_logloss.toFixed(4)}); same rows, metrics by \`summariseScorer\`.

Headroom: ${historyBound ? `${(historyBound.pooled.auc! - model.pooled.auc!).toFixed(4)} AUC and ${(historyBound.pooled.ranking.mrr - model.pooled.ranking.mrr).toFixed(4)} MRR to the achievable bound given past choices` : 'the bank has no bound columns'}; ${(oracle.pooled.auc! - model.pooled.auc!).toFixed(4)} AUC to the full oracle, which knows hidden traits and is not reachable.

Targets of issue 18 (one seed here; bench:ablation runs three):

| check | value | target | |
|---|---:|---:|---|
${targets.join('\n')}

For comparison, the case's figures on its own bank (not comparable one-to-one): AUC 0.89, logloss 0.45, MRR 0.78; new customers 0.80 / 0.73 / 0.32, existing 0.92 / 0.38 / 0.88.
`;
replaceSection('training-quality', body);
console.log(body);
