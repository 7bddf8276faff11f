/**
 * Which of issue 18's ideas measurably help the recommender: each variant (a set of feature
 * families, a loss) trained with several seeds on the same time split of the 100k-customer bank,
 * beside XGBoost on the same columns and the three oracle scorers, all scored by summariseScorer.
 * A variant is kept only when its mean beats the one before it by more than the seeds' spread.
 * Usage: node dist/bench/recommender-ablation.js [--customers 100000] [--days 400] [--seeds 1,2,3]
 *        [--variants base,shelf,listwise] [--peer-seeds 1] [--peer-variants base,shelf]
 *        [--encoding standard] [--batch-size 2048]
 *        [--workers 2] [--work DIR]
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '../src/tf-backend/select-backend.js';
import type { FeatureFamily } from '../src/wide-table/feature-set.js';
import { NUMBER_ENCODING_CHOICES, type NumberEncodingChoice } from '../training/choose-number-encoding.js';
import { DEFAULT_ARCHITECTURE_OPTIONS } from '../src/model-directory/architecture.js';
import { DEFAULT_FIT_OPTIONS } from '../training/fit-model.js';
import { ORACLE_COLUMNS, oracleScorerName, oracleScores, readOracleChoice } from '../training/oracle-scores.js';
import type { ScorerReport } from '../training/report/report-data.js';
import { daysOf, loadSamples, rowsBetween, type Samples } from '../training/samples.js';
import { summariseScorer } from '../training/summarise-scorer.js';
import { testSetOf } from '../training/test-set.js';
import { planSlices } from '../training/time-slices.js';
import { trainOnRows } from '../training/train-on-rows.js';
import { machineLine, replaceSection } from './lib/benchmarks-md.js';
import { targetCheck } from './lib/target-check.js';
import { choiceSharesByKey } from '../src/model-directory/choice-shares.js';
import { ensureTrainingBank } from './lib/training-bank.js';
import { ensureXgboost, runXgboostPeer } from './lib/xgboost-peer.js';

/** Each variant names the families it leaves out of the samples, and the weight of the listwise loss if it has one. */
const VARIANTS: Record<string, { without: FeatureFamily[]; listwiseWeight?: number; encoding?: NumberEncodingChoice; hidden?: number[]; description: string }> =
  {
    base: { without: ['shelf'], description: 'the feature set before issue 18' },
    shelf: { without: [], description: 'base + the product against the shelf that day' },
    'base-listwise': { without: ['shelf'], listwiseWeight: 1, description: '`base` + the listwise softmax over each occasion (weight 1)' },
    listwise: {
      without: [],
      listwiseWeight: 1,
      description: '`shelf` + the listwise softmax over each occasion (weight 1; in one thread, as the listwise task requires): the product',
    },
    'listwise-wide': { without: [], listwiseWeight: 1, hidden: [256, 128], description: '`listwise` with twice the units per layer (256, 128)' },
    'listwise-deep': { without: [], listwiseWeight: 1, hidden: [256, 128, 64], description: '`listwise` with a third layer (256, 128, 64)' },
    'listwise-w3': { without: [], listwiseWeight: 3, description: '`listwise` with the softmax weighted 3 against the pointwise loss' },
    'shelf-quantile': { without: [], encoding: 'quantile', description: '`shelf` with `quantile` numbers (one bounded input per number)' },
    'shelf-ple': { without: [], encoding: 'ple', description: '`shelf` with `ple` numbers (8 bounded inputs per number)' },
  };

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    days: { type: 'string', default: '400' },
    seeds: { type: 'string', default: '1,2,3' },
    'peer-seeds': { type: 'string', default: '1' },
    'peer-variants': { type: 'string', default: 'base,shelf' },
    variants: { type: 'string', default: 'base,shelf,listwise' },
    encoding: { type: 'string', default: 'standard' },
    'batch-size': { type: 'string', default: '2048' },
    workers: { type: 'string', default: '2' },
    work: { type: 'string', default: '.bench-work' },
    /** The BENCHMARKS.md section written: another name keeps an earlier round's table. */
    section: { type: 'string', default: 'recommender-ablation' },
  },
});
const seeds = values.seeds!.split(',').map(Number);
const peerSeeds = values['peer-seeds']!.split(',').map(Number);
const variants = values.variants!.split(',');
const peerVariants = values['peer-variants']!.split(',');
for (const v of variants) if (!VARIANTS[v]) throw new Error(`--variants: "${v}" is not one of ${Object.keys(VARIANTS).join(', ')}`);
const encoding = values.encoding as NumberEncodingChoice;
if (!NUMBER_ENCODING_CHOICES.includes(encoding)) throw new Error(`--encoding: "${encoding}" is not one of ${NUMBER_ENCODING_CHOICES.join(', ')}`);

ensureXgboost();
const bank = await ensureTrainingBank(values.work!, Number(values.customers), Number(values.days));
const backend = await selectBackend('auto');
const samples = await loadSamples(bank.samples);
const oracle = await readOracleChoice(bank.oracle);
const started = performance.now();
const [slice] = planSlices(daysOf(samples), { mode: 'once', testDays: 10, validationDays: 3 });
const train = rowsBetween(samples, slice.trainFrom, slice.trainTo);
const valid = rowsBetween(samples, slice.validFrom, slice.validTo);
const testRows = rowsBetween(samples, slice.testDays[0], slice.testDays.at(-1)!);
const test = testSetOf(samples, testRows);

/** The samples without the variant's families: the same rows, fewer columns. */
function withoutFamilies(all: Samples, without: FeatureFamily[]): Samples {
  const dropped = new Set(all.features.filter((f) => without.includes(f.family)).map((f) => f.name));
  const keep = <T>(m: Map<string, T>) => new Map([...m].filter(([name]) => !dropped.has(name)));
  return { ...all, features: all.features.filter((f) => !dropped.has(f.name)), numbers: keep(all.numbers), categories: keep(all.categories) };
}

interface Run {
  report: ScorerReport;
  seconds: number;
}
const results: Array<{ variant: string; ours: Run[]; peer: Run[]; oursShares: Run[]; peerShares: Run[]; ensemble: Run | null }> = [];
/** The same scores as shares of their occasion (src/model-directory/choice-shares.ts, what the product serves). */
const asShares = (name: string, scores: Float32Array, seconds: number): Run => ({
  report: summariseScorer({ name, kind: 'model', description: '', probabilities: true }, test, choiceSharesByKey(scores, test.occasions)),
  seconds,
});
for (const variant of variants) {
  const data = withoutFamilies(samples, VARIANTS[variant].without);
  const ours: Run[] = [];
  const oursShares: Run[] = [];
  // The seeds' networks as one ensemble: the mean of their probabilities.
  const ensembleScores = new Float32Array(testRows.length);
  for (const seed of seeds) {
    const t0 = performance.now();
    const hidden = VARIANTS[variant].hidden;
    const trained = await trainOnRows(data, train, valid, {
      architecture: 'mlp',
      architectureOptions: hidden ? { ...DEFAULT_ARCHITECTURE_OPTIONS, hidden } : undefined,
      numberEncoding: VARIANTS[variant].encoding ?? encoding,
      fit: {
        ...DEFAULT_FIT_OPTIONS,
        seed,
        listwiseWeight: VARIANTS[variant].listwiseWeight ?? 0,
        batchSize: Number(values['batch-size']),
        workers: VARIANTS[variant].listwiseWeight ? 1 : Number(values.workers),
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const scores = trained.scoring.score(data, testRows);
    trained.scoring.dispose();
    const report = summariseScorer({ name: 'ours', kind: 'model', description: '', probabilities: true }, test, scores);
    console.error(`${variant} seed ${seed}: AUC ${report.pooled.auc?.toFixed(4)} MRR ${report.pooled.ranking.mrr.toFixed(4)} in ${seconds.toFixed(0)} s`);
    ours.push({ report, seconds });
    oursShares.push(asShares('ours, shares', scores, seconds));
    for (let i = 0; i < scores.length; i++) ensembleScores[i] += scores[i] / seeds.length;
  }
  const peer: Run[] = [];
  const peerShares: Run[] = [];
  // The peer sees columns, not losses: a listwise variant's columns are another variant's.
  for (const seed of VARIANTS[variant].listwiseWeight || !peerVariants.includes(variant) ? [] : peerSeeds) {
    const result = runXgboostPeer(data, { train, valid, tests: [testRows] }, { seed, time: samples.asOf, workDir: values.work });
    const report = summariseScorer({ name: 'XGBoost', kind: 'baseline', description: '', probabilities: true }, test, result.scores[0]);
    console.error(
      `${variant} XGBoost seed ${seed}: AUC ${report.pooled.auc?.toFixed(4)} MRR ${report.pooled.ranking.mrr.toFixed(4)} in ${result.trainSeconds.toFixed(0)} s`,
    );
    peer.push({ report, seconds: result.trainSeconds });
    peerShares.push(asShares('XGBoost, shares', result.scores[0], result.trainSeconds));
  }
  const ensemble =
    seeds.length > 1
      ? {
          report: summariseScorer({ name: 'ours, ensemble', kind: 'model', description: '', probabilities: true }, test, ensembleScores),
          seconds: ours.reduce((sum, r) => sum + r.seconds, 0),
        }
      : null;
  results.push({ variant, ours, peer, oursShares, peerShares, ensemble });
}

const oracleRuns = ORACLE_COLUMNS.flatMap((o) => {
  const column = oracle.get(o.column);
  if (!column) return [];
  const { scores, missing } = oracleScores(column, samples, testRows);
  if (missing > 0) throw new Error(`the oracle's ${o.column} misses ${missing} test rows`);
  return [{ name: o.name, report: summariseScorer({ name: o.name, kind: 'oracle', description: o.description, probabilities: true }, test, scores) }];
});

/** Mean [min..max] of a metric over runs. */
function spread(runs: Run[], pick: (r: ScorerReport) => number | null): string {
  const xs = runs.map((r) => pick(r.report) ?? NaN);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.length === 1 ? mean.toFixed(4) : `${mean.toFixed(4)} [${Math.min(...xs).toFixed(4)}..${Math.max(...xs).toFixed(4)}]`;
}
const metrics: Array<[string, (r: ScorerReport) => number | null]> = [
  ['AUC', (r) => r.pooled.auc],
  ['logloss', (r) => r.pooled.logloss],
  ['MRR', (r) => r.pooled.ranking.mrr],
  ['hit@3', (r) => r.pooled.ranking.topN.find((t) => t.n === 3)!.hitRate],
  ['new MRR', (r) => r.byCustomerType.new.ranking.mrr],
  ['existing MRR', (r) => r.byCustomerType.existing.ranking.mrr],
];
const line = (name: string, runs: Run[]) =>
  `| ${name} | ${metrics.map(([, pick]) => spread(runs, pick)).join(' | ')} | ${(runs.reduce((s, r) => s + r.seconds, 0) / runs.length).toFixed(0)} |`;
const rows = [
  ...results.flatMap((r) => [
    line(`ours, \`${r.variant}\``, r.ours),
    line(`ours, \`${r.variant}\`, as occasion shares`, r.oursShares),
    ...(r.ensemble ? [line(`ours, \`${r.variant}\`, ensemble of the ${seeds.length} seeds (mean probability)`, [r.ensemble])] : []),
    ...(r.peer.length > 0 ? [line(`XGBoost, \`${r.variant}\``, r.peer), line(`XGBoost, \`${r.variant}\`, as occasion shares`, r.peerShares)] : []),
  ]),
  ...oracleRuns.map((o) => line(o.name, [{ report: o.report, seconds: NaN }]).replace('| NaN |', '|  |')),
];
// Issue 18's targets, on the means of the last variant listed (the candidate) and of its peer.
const mean = (runs: Run[], pick: (r: ScorerReport) => number | null) => runs.reduce((sum, r) => sum + (pick(r.report) ?? NaN), 0) / runs.length;
const candidate = results.at(-1)!;
const peerOfCandidate = results.findLast((r) => r.peer.length > 0);
const bound = (column: 'bound_history' | 'bound_no_history') => oracleRuns.find((o) => o.name === oracleScorerName(column))?.report;
const auc = (r: ScorerReport) => r.pooled.auc;
const mrr = (r: ScorerReport) => r.pooled.ranking.mrr;
const newMrr = (r: ScorerReport) => r.byCustomerType.new.ranking.mrr;
const history = bound('bound_history');
const noHistory = bound('bound_no_history');
const targets = [
  ...(history
    ? [
        targetCheck('history bound AUC - mean AUC', history.pooled.auc! - mean(candidate.ours, auc), 0.005, 'below'),
        targetCheck('history bound MRR - mean MRR', mrr(history) - mean(candidate.ours, mrr), 0.01, 'below'),
      ]
    : []),
  ...(noHistory ? [targetCheck('new customers: no-history bound MRR - mean MRR', newMrr(noHistory) - mean(candidate.ours, newMrr), 0.01, 'below')] : []),
  ...(peerOfCandidate
    ? [
        targetCheck(`mean AUC - XGBoost AUC (\`${peerOfCandidate.variant}\` columns)`, mean(candidate.ours, auc) - mean(peerOfCandidate.peer, auc), 0, 'above'),
        targetCheck(`mean MRR - XGBoost MRR (\`${peerOfCandidate.variant}\` columns)`, mean(candidate.ours, mrr) - mean(peerOfCandidate.peer, mrr), 0, 'above'),
        targetCheck(
          "training s / XGBoost training s (this bench's batch and threads)",
          candidate.ours.reduce((sum, r) => sum + r.seconds, 0) /
            candidate.ours.length /
            (peerOfCandidate.peer.reduce((sum, r) => sum + r.seconds, 0) / peerOfCandidate.peer.length),
          1,
          'below',
        ),
      ]
    : []),
];
const d = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const body = `
## Recommender ablation: issue 18's ideas, 3 seeds, beside XGBoost and the bounds

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machineLine()}
- Command: \`npm run bench:ablation -- --customers ${values.customers} --days ${values.days} --seeds ${values.seeds} --peer-seeds ${values['peer-seeds']} --peer-variants ${values['peer-variants']} --variants ${values.variants} --encoding ${encoding} --batch-size ${values['batch-size']} --workers ${values.workers} --section ${values.section}\`, ${((performance.now() - started) / 1000).toFixed(0)} s in all
- Backend: ${backend.name} (${backend.details.join('; ')})
- Data: ${Number(values.customers).toLocaleString('en')}-customer synthetic bank (seed 1); trained on ${d(slice.trainFrom)}..${d(slice.trainTo)} (${train.length.toLocaleString('en')} rows), stopped early on ${d(slice.validFrom)}..${d(slice.validTo)}, tested on ${d(slice.testDays[0])}..${d(slice.testDays.at(-1)!)}: ${new Set(test.occasions).size.toLocaleString('en')} occasions, ${testRows.length.toLocaleString('en')} rows
- Ours: MLP, \`${encoding}\` numbers unless the variant says otherwise, batch ${values['batch-size']}, ${values.workers} worker(s); seeds ${values.seeds}, mean [min..max]. XGBoost (bench/peer/xgboost_peer.py) on the same columns for ${peerVariants.map((v) => `\`${v}\``).join(', ')}, seeds ${values['peer-seeds']}. Seconds: ours the whole training, XGBoost \`xgb.train\` alone

"Ensemble": the seeds' networks averaged, one figure (its training seconds are the sum). "As occasion shares": the same scores divided by their occasion's sum (\`src/model-directory/choice-shares.ts\`, what the product serves since issue 18's last round), which leaves the ranking within an occasion (MRR, hit@3) as it is and moves pooled AUC and logloss.

Variants: ${variants.map((v) => `\`${v}\` ${VARIANTS[v].description}`).join('; ')}.

| scorer | ${metrics.map(([m]) => m).join(' | ')} | training s |
|---|${metrics.map(() => '---').join('|')}|---:|
${rows.join('\n')}

Issue 18's targets for \`${candidate.variant}\` (mean over its seeds):

| check | value | target | |
|---|---:|---:|---|
${targets.join('\n')}
`;
replaceSection(values.section!, body);
console.log(body);
