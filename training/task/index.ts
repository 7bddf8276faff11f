/** The learning tasks the one training loop runs: each bundles its loss with its metrics. */
export { BINARY_CLASSIFICATION, binaryBatchLoss } from './binary-classification.js';
export { DEFAULT_LISTWISE_WEIGHT, listwiseRanking, occasionSoftmaxLoss } from './listwise-ranking.js';
export { REGRESSION, type RegressionLoss } from './regression.js';
export type { Metric, Task } from './task.js';
