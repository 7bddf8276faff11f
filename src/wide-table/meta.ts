/** What a wide table says about itself, and its encoding as Arrow schema metadata (a string map). */
import { formatDay, parseDay, type DayNumber } from '../domain/dates.js';
import type { FeatureFamily, FeatureKind, FeatureSpec } from './feature-set.js';

export const WIDE_TABLE_KINDS = ['samples', 'snapshot', 'demand', 'value'] as const;
export type WideTableKind = (typeof WIDE_TABLE_KINDS)[number];

/** Kinds with a label column. */
export const isLabelled = (kind: WideTableKind): boolean => kind !== 'snapshot';

/** A value table's label is an amount in yuan (Float32); every other label is 0/1 (Int8). */
export const hasAmountLabel = (kind: WideTableKind): boolean => kind === 'value';

export interface WideTableMeta {
  /**
   * `samples` are labelled training rows; a `snapshot` is every customer on one as-of day, unlabelled;
   * `demand` is one row per customer and as-of day, labelled 1 when they bought within a horizon;
   * `value` has the same rows, labelled with the yuan they bought within the horizon.
   */
  kind: WideTableKind;
  /** First and last as-of day covered, inclusive. */
  fromDay: DayNumber;
  toDay: DayNumber;
  /** Hash of the source data the features were computed from, so training can tell stale tables apart. */
  sourceHash: string;
  createdBy?: string;
  /** Anything else worth keeping with the table (row counts, options); must survive JSON. */
  extra?: Record<string, unknown>;
}

/** Bumped whenever a reader of the old layout would misread the new one. */
export const FORMAT_VERSION = '1';

export const META_KEYS = {
  manifest: 'wealthrec.manifest',
  kind: 'wealthrec.kind',
  from: 'wealthrec.from',
  to: 'wealthrec.to',
  sourceHash: 'wealthrec.source_hash',
  formatVersion: 'wealthrec.format_version',
  createdBy: 'wealthrec.created_by',
  extra: 'wealthrec.extra',
} as const;

/** The schema metadata of a table with these features. */
export function encodeMeta(meta: WideTableMeta, features: readonly FeatureSpec[]): Map<string, string> {
  const manifest = features.map(({ name, kind, family, description }) => ({ name, kind, family, description }));
  const map = new Map<string, string>([
    [META_KEYS.formatVersion, FORMAT_VERSION],
    [META_KEYS.kind, meta.kind],
    [META_KEYS.from, formatDay(meta.fromDay)],
    [META_KEYS.to, formatDay(meta.toDay)],
    [META_KEYS.sourceHash, meta.sourceHash],
    [META_KEYS.manifest, JSON.stringify(manifest)],
  ]);
  if (meta.createdBy !== undefined) map.set(META_KEYS.createdBy, meta.createdBy);
  if (meta.extra !== undefined) map.set(META_KEYS.extra, JSON.stringify(meta.extra));
  return map;
}

/** Reads the metadata back; throws with the key at fault and what it should hold. */
export function decodeMeta(map: ReadonlyMap<string, string>): { meta: WideTableMeta; features: FeatureSpec[] } {
  const version = map.get(META_KEYS.formatVersion);
  if (version === undefined) throw new Error(`not a wealthrec wide table: schema metadata has no ${META_KEYS.formatVersion}`);
  if (version !== FORMAT_VERSION) throw new Error(`wide table format version ${version}, this build reads version ${FORMAT_VERSION}`);
  const kind = required(map, META_KEYS.kind);
  if (!(WIDE_TABLE_KINDS as readonly string[]).includes(kind))
    throw new Error(`${META_KEYS.kind} must be one of ${WIDE_TABLE_KINDS.join(', ')}, got "${kind}"`);
  const meta: WideTableMeta = {
    kind: kind as WideTableKind,
    fromDay: day(map, META_KEYS.from),
    toDay: day(map, META_KEYS.to),
    sourceHash: required(map, META_KEYS.sourceHash),
  };
  const createdBy = map.get(META_KEYS.createdBy);
  if (createdBy !== undefined) meta.createdBy = createdBy;
  const extra = map.get(META_KEYS.extra);
  if (extra !== undefined) meta.extra = json(META_KEYS.extra, extra) as Record<string, unknown>;
  return { meta, features: manifest(json(META_KEYS.manifest, required(map, META_KEYS.manifest))) };
}

function required(map: ReadonlyMap<string, string>, key: string): string {
  const value = map.get(key);
  if (value === undefined) throw new Error(`schema metadata has no ${key}`);
  return value;
}

function day(map: ReadonlyMap<string, string>, key: string): DayNumber {
  const text = required(map, key);
  const parsed = parseDay(text);
  if (parsed === null) throw new Error(`${key} must be a date as YYYY-MM-DD, got "${text}"`);
  return parsed;
}

function json(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${key} is not valid JSON`);
  }
}

const KINDS: readonly FeatureKind[] = ['number', 'category'];

function manifest(value: unknown): FeatureSpec[] {
  if (!Array.isArray(value)) throw new Error(`${META_KEYS.manifest} must be a JSON list of features`);
  return value.map((f, i) => {
    const ok = f && typeof f.name === 'string' && KINDS.includes(f.kind) && typeof f.family === 'string' && typeof f.description === 'string';
    if (!ok) throw new Error(`${META_KEYS.manifest} entry ${i} must be {name, kind: number|category, family, description}, got ${JSON.stringify(f)}`);
    return { name: f.name, kind: f.kind, family: f.family as FeatureFamily, description: f.description };
  });
}
