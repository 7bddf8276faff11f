/**
 * Offline evaluation: trains the candidate, the ablation models and logistic regression on each
 * time slice, scores the slice's test day with them, the baselines and the oracle, and summarises
 * everything into the report's data. Nothing of a test day, nor of anything after it, reaches the
 * models tested on it (`assertBefore` below, and test/training/evaluate.test.ts).
 */
import { formatDay } from '../src/domain/dates.js';
import type { Architecture, ArchitectureOptions } from '../src/model-directory/architecture.js';
import type { BackendChoice } from '../src/tf-backend/select-backend.js';
import { BASELINES } from './baselines.js';
import { featureSchemaHash } from '../src/wide-table/feature-schema-hash.js';
import type { EpochRecord, FitLoopOptions, FitResult } from './fit-model.js';
import { choiceSharesByKey } from '../src/model-directory/choice-shares.js';
import type { LoadedModel } from '../src/model-directory/model-directory.js';
import { ORACLE_COLUMNS, oracleScores, type OracleChoice } from './oracle-scores.js';
import type { EvaluationReport, ScorerReport } from './report/report-data.js';
import { daysOf, rowsBetween, type Samples } from './samples.js';
import { summariseScorer, type Scorer } from './summarise-scorer.js';
import { testSetOf, type TestSet } from './test-set.js';
import { planSlices, type EvaluationMode, type Slice } from './time-slices.js';
import type { NumberEncodingChoice } from './choose-number-encoding.js';
import { trainOnRows, type Trained, type TrainingSpec } from './train-on-rows.js';

export interface EvaluationOptions {
  mode: EvaluationMode;
  testDays: number;
  validationDays: number;
  trainDays?: number;
  /** The candidate's architecture; `ablation` are trained beside it on every slice. */
  architecture: Architecture;
  ablation: Architecture[];
  architectureOptions?: ArchitectureOptions;
  /** How numbers are encoded (default `ple`; `auto`: chosen on the validation days). */
  numberEncoding?: NumberEncodingChoice;
  seed: number;
  fit: Omit<FitLoopOptions, 'seed' | 'onEpoch' | 'onBatch'>;
  backend: BackendChoice;
  samplesFile: string;
  oracle?: OracleChoice | null;
  champion?: LoadedModel | null;
  onProgress?: (p: EvaluationProgress) => void;
  /** Called after each training, e.g. to print a line where no progress bar shows. */
  onTrained?: (t: { training: number; trainings: number; label: string; fit: FitResult }) => void;
  /** Replaceable so that tests can see exactly which rows train each model. */
  trainer?: (samples: Samples, trainRows: Int32Array, validRows: Int32Array, spec: TrainingSpec) => Promise<Trained>;
}

export interface EvaluationProgress {
  training: number;
  trainings: number;
  label: string;
  rowsDone: number;
  rowsTotal: number;
  epoch?: EpochRecord;
}

export interface Evaluation {
  report: EvaluationReport;
  test: TestSet;
  /** Every scorer's scores on test.rows, by scorer name; the candidate's first. */
  scores: Map<string, Float32Array>;
}

const ARCHITECTURE_NAMES: Record<Architecture, string> = { dcn: 'DCN-V2', mlp: 'MLP', logistic: 'logistic regression' };
const ARCHITECTURE_DESCRIPTIONS: Record<Architecture, string> = {
  dcn: 'deep & cross network (DCN-V2): low-rank cross layers beside an MLP',
  mlp: 'multi-layer perceptron (ReLU)',
  logistic: 'logistic regression on the same preprocessed features',
};

export async function evaluate(samples: Samples, options: EvaluationOptions): Promise<Evaluation> {
  const started = performance.now();
  const slices = planSlices(daysOf(samples), options);
  const architectures = [
    options.architecture,
    ...options.ablation.filter((a) => a !== options.architecture && a !== 'logistic'),
    ...(options.architecture === 'logistic' ? [] : ['logistic' as const]),
  ];
  const scorers: Scorer[] = architectures.map((a, k) => ({
    name: ARCHITECTURE_NAMES[a],
    kind: k === 0 ? 'model' : a === 'logistic' ? 'baseline' : 'ablation',
    description: ARCHITECTURE_DESCRIPTIONS[a],
    probabilities: true,
  }));
  const testRows = Int32Array.from(slices.flatMap((s) => Array.from(rowsBetween(samples, s.testDays[0], s.testDays[s.testDays.length - 1]))));
  const scores = new Map<string, Float32Array>(scorers.map((s) => [s.name, new Float32Array(testRows.length)]));
  const trainings = slices.length * architectures.length;
  let training = 0;
  let offset = 0;
  let history: EpochRecord[] = [];
  let trainRowsUsed = 0;
  for (const slice of slices) {
    const trainRows = rowsBetween(samples, slice.trainFrom, slice.trainTo);
    const validRows = rowsBetween(samples, slice.validFrom, slice.validTo);
    const sliceTest = rowsBetween(samples, slice.testDays[0], slice.testDays[slice.testDays.length - 1]);
    assertBefore(samples, slice, trainRows, validRows);
    trainRowsUsed = Math.max(trainRowsUsed, trainRows.length);
    for (const [k, architecture] of architectures.entries()) {
      training++;
      const label = `${ARCHITECTURE_NAMES[architecture]}, test ${slice.testDays.length === 1 ? formatDay(slice.testDays[0]) : `${formatDay(slice.testDays[0])}..${formatDay(slice.testDays[slice.testDays.length - 1])}`}`;
      let lastEpoch: EpochRecord | undefined;
      const trained = await (options.trainer ?? trainOnRows)(samples, trainRows, validRows, {
        architecture,
        architectureOptions: options.architectureOptions,
        numberEncoding: options.numberEncoding,
        fit: {
          ...options.fit,
          seed: options.seed,
          onEpoch: (e) => (lastEpoch = e),
          onBatch: (done, total) => options.onProgress?.({ training, trainings, label, rowsDone: done, rowsTotal: total, epoch: lastEpoch }),
        },
      });
      options.onTrained?.({ training, trainings, label, fit: trained.fit });
      scores.get(scorers[k].name)!.set(trained.scoring.score(samples, sliceTest), offset);
      if (k === 0) history = trained.fit.history;
      trained.scoring.dispose();
    }
    offset += sliceTest.length;
  }

  const test = testSetOf(samples, testRows);
  // What the product serves and campaigns multiply by demand: each network's scores as choice shares of their occasion.
  for (const s of scorers) scores.set(s.name, choiceSharesByKey(scores.get(s.name)!, test.occasions));
  const notes: string[] = [];
  for (const b of BASELINES) {
    scorers.push({ name: b.name, kind: 'baseline', description: b.description, probabilities: false });
    scores.set(b.name, b.score(samples, testRows));
  }
  for (const o of ORACLE_COLUMNS) {
    const column = options.oracle?.get(o.column);
    if (!column) continue;
    const oracle = oracleScores(column, samples, testRows);
    if (oracle.missing === 0) {
      scorers.push({ name: o.name, kind: 'oracle', description: o.description, probabilities: true });
      scores.set(o.name, oracle.scores);
    } else {
      notes.push(
        `oracle left out: it covers ${testRows.length - oracle.missing} of ${testRows.length} test rows (it exists for the generator's last 10 days only)`,
      );
      break; // its columns cover the same rows
    }
  }
  const reports: ScorerReport[] = scorers.map((s) => summariseScorer(s, test, scores.get(s.name)!));
  const champion = championOnTest(options.champion, samples, test, slices, notes);
  for (const [segment, m] of Object.entries({ new: reports[0].byCustomerType.new, existing: reports[0].byCustomerType.existing })) {
    if (m.ranking.occasions < 30) notes.push(`only ${m.ranking.occasions} test occasions of ${segment} customers: their metrics are noisy`);
  }

  const allTrainDays = slices.flatMap((s) => [s.trainFrom, s.validTo]);
  const report: EvaluationReport = {
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    model: { version: null, architecture: options.architecture, seed: options.seed },
    backend: { name: options.backend.name, details: options.backend.details, skipped: options.backend.skipped },
    data: {
      samplesFile: options.samplesFile,
      sourceHash: samples.meta.sourceHash,
      firstTrainDay: formatDay(Math.min(...allTrainDays)),
      lastTrainDay: formatDay(Math.max(...allTrainDays)),
      testDays: [...new Set(test.days)].sort((a, b) => a - b).map(formatDay),
      trainRows: trainRowsUsed,
      testRows: testRows.length,
      testOccasions: new Set(test.occasions).size,
    },
    evaluation: { mode: options.mode, validationDays: options.validationDays, trainings, seconds: (performance.now() - started) / 1000 },
    scorers: reports,
    champion,
    history,
    notes,
  };
  return { report, test, scores };
}

/** Training rows end before the validation days, which end before the test day: checked, not assumed. */
function assertBefore(samples: Samples, slice: Slice, trainRows: Int32Array, validRows: Int32Array): void {
  const firstTest = slice.testDays[0];
  for (const r of trainRows)
    if (samples.asOf[r] >= slice.validFrom) throw new Error(`leak: a training row of ${formatDay(samples.asOf[r])} is not before the validation days`);
  for (const r of validRows)
    if (samples.asOf[r] >= firstTest)
      throw new Error(`leak: a validation row of ${formatDay(samples.asOf[r])} is not before the test day ${formatDay(firstTest)}`);
  if (validRows.length === 0)
    throw new Error(`no validation occasions between ${formatDay(slice.validFrom)} and ${formatDay(slice.validTo)}: use more --validation-days`);
}

function championOnTest(
  champion: LoadedModel | null | undefined,
  samples: Samples,
  test: TestSet,
  slices: Slice[],
  notes: string[],
): EvaluationReport['champion'] {
  if (!champion) return null;
  if (featureSchemaHash(champion.features) !== featureSchemaHash(samples.features)) {
    notes.push(`champion ${champion.card.version} left out: it was trained on other features than these samples have`);
    return null;
  }
  if (champion.card.data.lastTrainDay >= formatDay(slices[0].testDays[0])) {
    notes.push(
      `champion ${champion.card.version} was trained on data up to ${champion.card.data.lastTrainDay}, which includes test days: its figures are optimistic`,
    );
  }
  const scores = choiceSharesByKey(champion.scoring.score(samples, test.rows), test.occasions);
  return {
    version: champion.card.version,
    pooled: summariseScorer({ name: 'champion', kind: 'model', description: '', probabilities: true }, test, scores).pooled,
  };
}
