/** The model card's `fit` block, from the options a model was trained with and what its training did. */
import type { ModelCard } from '../src/model-directory/model-card.js';
import type { FitLoopOptions, FitResult } from './fit-model.js';

export function fitCard(options: Omit<FitLoopOptions, 'seed'>, result: FitResult): ModelCard['fit'] {
  return {
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    maxEpochs: options.maxEpochs,
    patience: options.patience,
    negativeRate: options.negativeRate ?? 1,
    workers: options.workers ?? 1,
    epochs: result.history.length,
    bestEpoch: result.bestEpoch,
    bestValidLoss: result.bestValidLoss,
    rowsPerSecond: result.rowsPerSecond,
  };
}
