/** The model card's `fit` block, from the options a model was trained with and what its training did. */
import type { ModelCard } from '../src/model-directory/model-card.js';
import type { FitLoopOptions } from './fit-model.js';
import type { Trained } from './train-on-rows.js';

export function fitCard(options: Omit<FitLoopOptions, 'seed'>, trained: Trained): ModelCard['fit'] {
  const result = trained.fit;
  return {
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    maxEpochs: options.maxEpochs,
    patience: options.patience,
    negativeRate: options.negativeRate ?? 1,
    workers: options.workers ?? 1,
    listwiseWeight: options.listwiseWeight ?? 0,
    epochs: result.history.length,
    bestEpoch: result.bestEpoch,
    bestValidLoss: result.bestValidLoss,
    rowsPerSecond: result.rowsPerSecond,
    numberEncoding: trained.scoring.preprocessing.numbers[0]?.encoding,
    ...(trained.encodingCandidates ? { encodingCandidates: trained.encodingCandidates } : {}),
  };
}
