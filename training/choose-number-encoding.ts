/**
 * `--number-encoding auto`: a model is trained with each bounded encoding and the one with the lower
 * loss on the validation days is kept, the same days that stop training early: model choice, like
 * early stopping, never looks past them. It costs a training per candidate. Measured (docs/training.md):
 * `ple` wins where the test days resemble the training days, `quantile` where they have drifted far
 * outside them, and the validation days told which case held on both.
 */
import type { NumberEncodingKind } from './fit-preprocessing.js';
import type { EncodingCandidate, Trained } from './trained.js';

export type NumberEncodingChoice = NumberEncodingKind | 'auto';
export const NUMBER_ENCODING_CHOICES: readonly NumberEncodingChoice[] = ['ple', 'quantile', 'standard', 'auto'];
const AUTO_CANDIDATES: readonly NumberEncodingKind[] = ['ple', 'quantile'];

/** Trains with the chosen encoding, or with each candidate of `auto` keeping the best on validation (the others disposed). */
export async function trainWithNumberEncoding(
  choice: NumberEncodingChoice,
  train: (encoding: NumberEncodingKind) => Promise<Trained>,
): Promise<Trained & { encodingCandidates?: EncodingCandidate[] }> {
  if (choice !== 'auto') return train(choice);
  let best: Trained | null = null;
  const candidates: EncodingCandidate[] = [];
  for (const encoding of AUTO_CANDIDATES) {
    const trained = await train(encoding);
    candidates.push({ encoding, bestValidLoss: trained.fit.bestValidLoss });
    if (best === null || trained.fit.bestValidLoss < best.fit.bestValidLoss) {
      best?.scoring.dispose();
      best = trained;
    } else trained.scoring.dispose();
  }
  return { ...best!, encodingCandidates: candidates };
}
