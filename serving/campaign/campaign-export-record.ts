/**
 * A list's export record (audit_log, action `campaign.export`, written by export-campaign.ts), read
 * back: by its id, or by the bytes of its file. A kept list rewritten by an erasure
 * (pseudonymise-lists.ts) is still found: its `campaign.lists.pseudonymised` records chain the hash
 * it has now back to the one its export recorded.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { parseDay, type DayNumber } from '../../src/domain/dates.js';
import { AUDIT_ACTION } from './export-campaign.js';
import { LISTS_PSEUDONYMISED_ACTION } from './pseudonymise-lists.js';

export interface ExportRecord {
  auditId: number;
  /** When the export was recorded (ISO instant). */
  exportedAt: string;
  productId: string;
  channel: string;
  /** The list file's name (the export's `--out` or the server's exports folder holds it). */
  file: string;
  sha256: string;
  rows: number;
  expectedBuyers: number;
  /** The snapshot's day the scores are as of (YYYY-MM-DD), and as a day number. */
  asOf: string;
  asOfDay: DayNumber;
  /** The demand model's horizon the scores are probabilities for; null in records older than it. */
  horizonDays: number | null;
}

/** The fields of the record's details this module reads; the rest (exclusions, models...) is left alone. */
const exportDetails = z.object({
  request: z.object({ productId: z.string(), channel: z.string() }),
  file: z.string(),
  sha256: z.string(),
  rows: z.number().int().min(0),
  expectedBuyers: z.number(),
  asOf: z.string(),
  horizonDays: z.number().int().positive().nullable().optional(),
});

interface AuditRow {
  id: number | string;
  at: string;
  details: string | null;
}

function toRecord(row: AuditRow): ExportRecord {
  const details = exportDetails.parse(JSON.parse(row.details ?? 'null'));
  const asOfDay = parseDay(details.asOf);
  if (asOfDay === null) throw new Error(`audit record ${row.id}: asOf "${details.asOf}" is not a date`);
  return {
    auditId: Number(row.id),
    exportedAt: row.at,
    productId: details.request.productId,
    channel: details.request.channel,
    file: details.file,
    sha256: details.sha256,
    rows: details.rows,
    expectedBuyers: details.expectedBuyers,
    asOf: details.asOf,
    asOfDay,
    horizonDays: details.horizonDays ?? null,
  };
}

export async function readExportRecord(knex: Knex, auditId: number): Promise<ExportRecord | null> {
  const row = await knex('audit_log').where({ id: auditId, action: AUDIT_ACTION }).first('id', 'at', 'details');
  return row ? toRecord(row) : null;
}

/** Every export record, newest first. */
export async function allExportRecords(knex: Knex): Promise<ExportRecord[]> {
  const rows: AuditRow[] = await knex('audit_log').where('action', AUDIT_ACTION).orderBy('id', 'desc').select('id', 'at', 'details');
  return rows.map(toRecord);
}

/** Audit rows of `action` whose details hold `"key":"value"` (JSON.stringify writes no spaces), confirmed on the parsed JSON. */
async function recordsWith(knex: Knex, action: string, key: string, value: string): Promise<Array<AuditRow & { parsed: Record<string, unknown> }>> {
  const rows: AuditRow[] = await knex('audit_log')
    .where('action', action)
    .andWhere('details', 'like', `%${JSON.stringify(key)}:${JSON.stringify(value)}%`)
    .orderBy('id', 'desc')
    .select('id', 'at', 'details');
  return rows.map((r) => ({ ...r, parsed: JSON.parse(r.details ?? '{}') as Record<string, unknown> })).filter((r) => r.parsed[key] === value);
}

/** How a file's bytes relate to the export records. */
export type BytesMatch =
  /** The record whose list these bytes are (as exported, or as pseudonymised since). */
  | { kind: 'found'; record: ExportRecord }
  /** No record hashed these bytes, but records name a file of this name: the file was changed. */
  | { kind: 'changed'; records: ExportRecord[] }
  /** Several exports wrote these very bytes (same inputs, same list) under other names: which one was sent is not known. */
  | { kind: 'ambiguous'; records: ExportRecord[] }
  | { kind: 'none' };

/** Hashes an export record's list may have had: its own, then each pseudonymisation's result in turn. */
async function hashesBefore(knex: Knex, sha256: string): Promise<string[]> {
  const chain = [sha256];
  // Each erasure rewrites a kept list once; a chain is as long as the erasures that touched the list.
  for (let hops = 0; hops < 10_000; hops++) {
    const step = (await recordsWith(knex, LISTS_PSEUDONYMISED_ACTION, 'sha256After', chain[chain.length - 1]))[0];
    const before = step?.parsed.sha256Before;
    if (typeof before !== 'string' || chain.includes(before)) break;
    chain.push(before);
  }
  return chain;
}

/** The export record of a list file, from its bytes' hash and its name. */
export async function exportRecordOfBytes(knex: Knex, sha256: string, fileName: string): Promise<BytesMatch> {
  for (const hash of await hashesBefore(knex, sha256)) {
    const records = (await recordsWith(knex, AUDIT_ACTION, 'sha256', hash)).map(toRecord);
    if (records.length === 0) continue;
    // Same inputs give the same bytes: of several exports of one list, the one written under this name (the newest, if rewritten in place).
    const named = records.filter((r) => r.file === fileName);
    if (named.length > 0) return { kind: 'found', record: named[0] };
    return records.length === 1 ? { kind: 'found', record: records[0] } : { kind: 'ambiguous', records };
  }
  const sameName = (await recordsWith(knex, AUDIT_ACTION, 'file', fileName)).map(toRecord);
  return sameName.length > 0 ? { kind: 'changed', records: sameName } : { kind: 'none' };
}

/** Whether `sha256` is the list of `record`: as exported, or as an erasure rewrote it since. */
export async function isBytesOf(knex: Knex, record: ExportRecord, sha256: string): Promise<boolean> {
  return (await hashesBefore(knex, sha256)).includes(record.sha256);
}
