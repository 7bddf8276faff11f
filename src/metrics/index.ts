/** Evaluation metrics: pure functions of (truth, predictions), shared by training, reports and serving checks. */
export { auc } from './auc.js';
export { logLoss, LOG_LOSS_EPSILON } from './log-loss.js';
export { occasionsOf, rankingMetrics, type RankingMetrics, type TopNMetrics } from './ranking.js';
export { gainCurve, reliabilityBins, rocCurve, shareToReach } from './curves.js';
export { atExpectedCoverage, expectedCoverageLength, expectedCoverageList } from './expected-coverage.js';
export { atThreshold, bestF1Threshold, type ThresholdMetrics } from './threshold.js';
export { meanAbsoluteError, meanSquaredError, rSquared } from './regression.js';
export { relativeLift, sampleRatioPValue, wilsonInterval, Z_95, type Interval, type Lift, type Proportion } from './proportions.js';
export { adjustedRandIndex } from './adjusted-rand-index.js';
export { meanSilhouette } from './silhouette.js';
export { chiSquareIndependence, type IndependenceTest } from './independence.js';
