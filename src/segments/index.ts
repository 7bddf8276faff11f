/** The segmentation contract (wealthrec segments build): its file, its model and how customers are assigned to it. */
export { assignSegments, encodeBehaviour, nearestCentroids } from './assign-segments.js';
export {
  applyBehaviourWeighting,
  behaviourWeightingSchema,
  columnBehaviours,
  fitBehaviourWeighting,
  identityWeighting,
  type BehaviourWeighting,
} from './behaviour-weighting.js';
export {
  departureSchema,
  segmentCardSchema,
  segmentationModelSchema,
  segmentationModelV1Schema,
  segmentsSchema,
  READABLE_SEGMENTS_FORMATS,
  SEGMENTS_FORMAT_VERSION,
  SEGMENTS_META_KEYS,
  sidecarPath,
  type Departure,
  type SegmentationModel,
  type SegmentCard,
} from './format.js';
export { readSegmentation, SegmentationFileError, writeSegmentation, type Segmentation } from './segmentation-file.js';
