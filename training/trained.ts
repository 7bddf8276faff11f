/** A network trained with its preprocessing, as the trainers return it. */
import type { ScoringModel } from '../src/model-directory/scoring-model.js';
import type { FitResult } from './fit-model.js';
import type { NumberEncodingKind } from './fit-preprocessing.js';

export interface EncodingCandidate {
  encoding: NumberEncodingKind;
  bestValidLoss: number;
}

export interface Trained {
  scoring: ScoringModel;
  fit: FitResult;
  /** With `--number-encoding auto`: every encoding tried and its validation loss. */
  encodingCandidates?: EncodingCandidate[];
}
