/** The recommender of the loaded set, or a 503 `not_ready` while none is loaded. */
import { NotReadyError } from '../errors.js';
import type { Recommender } from '../recommender.js';
import type { ServingState } from '../serving-state.js';

export function loadedRecommender(state: ServingState): Recommender {
  const recommender = state.recommender();
  if (!recommender) throw new NotReadyError('no model and snapshot loaded yet');
  return recommender;
}
