/** Why a product is recommended: the reason catalogue, attribution from the model, the texts served, and how faithful they are. */
export {
  attributeReasons,
  emptyReasons,
  pickReasons,
  reasonValues,
  scoresWithoutGroups,
  sharesWithoutGroups,
  type RowReasons,
  type ShelfRows,
} from './attribute-reasons.js';
export { featureBaseline, featureBaselines } from './feature-baselines.js';
export { NO_REASON, REASON_GROUPS, REASON_NUMBERS, REASONS_PER_ROW, type ReasonGroup, type ReasonText } from './reason-groups.js';
export { servedReason, servedReasonsOf, type ServedReason } from './served-reason.js';
export { reasonFaithfulness, type Faithfulness, type FaithfulnessCount, type FaithfulnessOptions } from './reason-faithfulness.js';
