/** The Arrow schema of a wide table, derived from the feature list: keys, the label in samples, then every feature. */
import { Field, Float32, Int32, Int8, Schema, Utf8, type DataType } from 'apache-arrow';
import { KEY_COLUMNS, LABEL_COLUMN, type FeatureSpec } from './feature-set.js';
import { encodeMeta, hasAmountLabel, isLabelled, type WideTableMeta } from './meta.js';

/** Column name, Arrow type and nullability, in file order. */
export function wideTableFields(kind: WideTableMeta['kind'], features: readonly FeatureSpec[]): Field[] {
  const [customerId, productId, asOf] = KEY_COLUMNS;
  return [
    new Field(customerId, new Utf8(), false),
    new Field(productId, new Utf8(), false),
    // Day number since 1970-01-01, the project's one date representation (src/domain/dates.ts).
    new Field(asOf, new Int32(), false),
    ...(isLabelled(kind) ? [new Field(LABEL_COLUMN, hasAmountLabel(kind) ? new Float32() : new Int8(), false)] : []),
    // Plain Utf8, never Dictionary: a file holds one dictionary per column, and each batch would bring its own.
    ...features.map((f) => new Field(f.name, featureType(f), f.kind === 'category')),
  ];
}

/** NaN, not null, marks an unknown number: the tensors downstream have no nulls either. */
function featureType(feature: FeatureSpec): DataType {
  return feature.kind === 'number' ? new Float32() : new Utf8();
}

export function wideTableSchema(meta: WideTableMeta, features: readonly FeatureSpec[]): Schema {
  return new Schema(wideTableFields(meta.kind, features), encodeMeta(meta, features));
}
