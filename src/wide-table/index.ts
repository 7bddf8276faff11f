/** The wide table, the contract between features/ (which writes it) and training/ and serving/ (which read it). */
export {
  CATEGORY_FEATURES,
  CUSTOMER_FAMILIES,
  DEMAND_FAMILIES,
  HORIZON_FAMILY,
  FEATURES,
  KEY_COLUMNS,
  LABEL_COLUMN,
  NUMBER_FEATURES,
  type FeatureFamily,
  type FeatureKind,
  type FeatureSpec,
} from './feature-set.js';
export { featureSchemaHash } from './feature-schema-hash.js';
export { WIDE_TABLE_KINDS, type WideTableKind, type WideTableMeta } from './meta.js';
export {
  featureColumns,
  openWideTableFile,
  readWideTable,
  readWideTableBatches,
  readWideTableHeader,
  type FeatureColumnMaps,
  type WideTable,
  type WideTableFile,
  type WideTableHeader,
} from './reader.js';
export { WideTableFormatError } from './format-error.js';
export { MAX_BATCH_ROWS, openWideTableWriter, type WideTableWriter } from './writer.js';
export { batchColumns, createBatch, type WideTableBatch } from './batch.js';
export type { LiveRowSource } from './live-rows.js';
