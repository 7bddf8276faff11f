/**
 * The profile table's layout: one row per customer as of one day, customer_id and as_of, then every
 * tag of PROFILE_TAGS in order (numbers Float64, NaN unknown; categories Utf8, null unknown). The
 * schema metadata says what it is, the as-of day and which models filled the model tags.
 */
import { Field, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import { PROFILE_TAGS, type TagSpec } from './profile-tags.js';

export const PROFILE_META_KEYS = {
  formatVersion: 'wealthrec.profile.format_version',
  asOf: 'wealthrec.profile.as_of',
  sourceHash: 'wealthrec.profile.source_hash',
  models: 'wealthrec.profile.models',
  tags: 'wealthrec.profile.tags',
} as const;
export const PROFILE_FORMAT_VERSION = '1';

export interface ProfileTableMeta {
  asOf: string;
  sourceHash: string;
  /** Versions of the models behind the model tags; null where none was used. */
  models: { demand: string | null; value: string | null };
}

export function profileFields(tags: readonly TagSpec[] = PROFILE_TAGS): Field[] {
  return [
    new Field('customer_id', new Utf8(), false),
    new Field('as_of', new Int32(), false),
    ...tags.map((t) => new Field(t.name, t.kind === 'number' ? new Float64() : new Utf8(), t.kind === 'category')),
  ];
}

export function profileSchema(meta: ProfileTableMeta): Schema {
  return new Schema(
    profileFields(),
    new Map([
      [PROFILE_META_KEYS.formatVersion, PROFILE_FORMAT_VERSION],
      [PROFILE_META_KEYS.asOf, meta.asOf],
      [PROFILE_META_KEYS.sourceHash, meta.sourceHash],
      [PROFILE_META_KEYS.models, JSON.stringify(meta.models)],
      [PROFILE_META_KEYS.tags, JSON.stringify(PROFILE_TAGS.map(({ name, kind, group, description }) => ({ name, kind, group, description })))],
    ]),
  );
}
