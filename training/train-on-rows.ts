/** Fits preprocessing and a network on some rows of the samples, stopping early on other (earlier-than-test) rows. */
import { buildModel } from './architectures.js';
import { DEFAULT_ARCHITECTURE_OPTIONS, type Architecture, type ArchitectureOptions } from '../src/model-directory/architecture.js';
import { fitModel, type FitLoopOptions } from './fit-model.js';
import { BINARY_CLASSIFICATION, listwiseRanking } from './task/index.js';
import { groupByOccasion } from './occasions.js';
import { applyPreprocessing, type FeatureColumns } from '../src/model-directory/preprocessing.js';
import { DEFAULT_NUMBER_ENCODING, fitPreprocessing } from './fit-preprocessing.js';
import { trainWithNumberEncoding, type NumberEncodingChoice } from './choose-number-encoding.js';
import type { Trained } from './trained.js';
import { ScoringModel } from '../src/model-directory/scoring-model.js';

export interface TrainingSpec {
  architecture: Architecture;
  /** How numbers are encoded (default `ple`); `auto` trains each bounded encoding and keeps the better on validation. */
  numberEncoding?: NumberEncodingChoice;
  architectureOptions?: ArchitectureOptions;
  /** `fit.listwiseWeight` above 0 trains on whole occasions: the samples must name each row's customer and day. */
  fit: FitLoopOptions;
}

export type { Trained } from './trained.js';

/** Feature columns with a 0/1 label per row: the wide table's samples, or another table (the UCI benchmark's). */
export type LabelledColumns = FeatureColumns & { labels: Uint8Array };

export async function trainOnRows(samples: LabelledColumns, trainRows: Int32Array, validRows: Int32Array, spec: TrainingSpec): Promise<Trained> {
  const listwise = (spec.fit.listwiseWeight ?? 0) > 0;
  const occasions = listwise ? groupByOccasion(...occasionKeys(samples), trainRows) : null;
  const task = listwise ? listwiseRanking(spec.fit.listwiseWeight!) : BINARY_CLASSIFICATION;
  return trainWithNumberEncoding(spec.numberEncoding ?? DEFAULT_NUMBER_ENCODING, async (numberEncoding) => {
    // Fitted on the training rows only: validation and test rows never shape the encodings or vocabularies.
    const preprocessing = fitPreprocessing(samples, trainRows, { numberEncoding });
    const matrix = (rows: Int32Array, occasionStarts?: Int32Array) => ({
      values: applyPreprocessing(preprocessing, samples, rows),
      width: preprocessing.width,
      targets: Uint8Array.from(rows, (r) => samples.labels[r]),
      occasionStarts,
    });
    const network = buildModel(spec.architecture, preprocessing.width, spec.fit.seed, spec.architectureOptions ?? DEFAULT_ARCHITECTURE_OPTIONS);
    try {
      const train = occasions ? matrix(occasions.rows, occasions.starts) : matrix(trainRows);
      const fit = await fitModel(network, train, matrix(validRows), task, spec.fit);
      return { scoring: new ScoringModel(network, preprocessing), fit };
    } catch (err) {
      network.dispose();
      throw err;
    }
  });
}

/** The customer and day of each row, which a listwise objective groups occasions by. */
function occasionKeys(samples: LabelledColumns): [readonly string[], Int32Array] {
  const { customerIds, asOf } = samples as Partial<{ customerIds: string[]; asOf: Int32Array }>;
  if (!customerIds || !asOf) throw new Error('a listwise objective needs rows that name their customer and day (purchase-occasion samples)');
  return [customerIds, asOf];
}
