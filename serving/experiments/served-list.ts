/**
 * Who answers a customer now: the arm of the running experiment they are assigned to, or the
 * champion when none runs. The fast path and the Express routes both ask here, tag the answer with
 * the experiment and arm, and log it, so every served list is logged alike whichever path answers.
 */
import type { ProductPolicy, Recommendations, Recommender } from '../recommender.js';
import type { ServingState } from '../serving-state.js';
import type { ImpressionLog } from './impression-log.js';

export interface ServedList {
  recommender: Recommender;
  policy: ProductPolicy | undefined;
  experiment: { name: string; arm: string } | undefined;
}

/** null while no set is loaded. */
export function servedListFor(state: ServingState, customerId: string): ServedList | null {
  const champion = state.recommender();
  if (!champion) return null;
  const running = state.experiment?.() ?? null;
  if (!running) return { recommender: champion, policy: undefined, experiment: undefined };
  const arm = running.armFor(customerId);
  return { recommender: arm.recommender ?? champion, policy: arm.policy ?? undefined, experiment: { name: running.name, arm: arm.name } };
}

/** Tags the answer with its experiment and queues its impression; returns the answer. */
export function recordServed(served: ServedList, answer: Recommendations, impressions: ImpressionLog | undefined): Recommendations {
  if (served.experiment) answer.experiment = served.experiment;
  impressions?.record({
    servedAtMs: Date.now(),
    servedDay: served.recommender.servingDay(),
    customerId: answer.customerId,
    experiment: served.experiment?.name ?? null,
    arm: served.experiment?.arm ?? null,
    modelVersion: answer.modelVersion,
    items: answer.items,
  });
  return answer;
}
