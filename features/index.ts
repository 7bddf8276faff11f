/** The feature stage: the point-in-time wide table, the one contract with training/. */
export { buildWideTable, describeRange, type BuildOptions, type BuildSummary } from './build-wide-table.js';
export { ANY_PRODUCT, asOfDaysEvery, buildDemandTable, type DemandTableOptions, type DemandTableSummary } from './build-demand-table.js';
export { CUSTOMER_FAMILIES, FEATURES, type FeatureSpec } from './feature-set.js';
export { featureColumns, readWideTable, readWideTableBatches, readWideTableHeader, type FeatureColumnMaps, type WideTable } from './wide-table-reader.js';
export type { WideTableKind, WideTableMeta } from './wide-table-meta.js';
