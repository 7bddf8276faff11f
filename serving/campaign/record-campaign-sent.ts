/**
 * Records an exported list as sent (`wealthrec campaign sent`, POST /v1/campaigns/{auditId}:sent): in
 * one transaction, a campaign_sends row per message (what the list said: rank, score, decile), a
 * contact per message, and the `campaign.sent` audit record. The contacts are what the frequency cap
 * (campaign-exclusions.ts) and the contact features read, so the next export leaves these customers
 * out and the next snapshot counts the message.
 *
 * A contact's `responded` is stored 0, meaning "not known yet": whether the customer answered is known
 * only once the response window closes (CONTACT_RESPONSE_DAYS). The features read it from purchases
 * (features/customer-blocks.ts: bought the promoted product within the window), as
 * campaign-results.ts measures the list. Its lineage column `import_run_id` is 0, "written by wealthrec, not by an
 * import" (ids of import runs start at 1, so the change feed never takes it for a run); its
 * contact_key `sent:<auditId>:<customerId>` names the list it came from, and makes recording twice
 * impossible.
 *
 * Only a list with its export record is recorded, and only the bytes that record hashed (or their
 * pseudonymised rewrite after an erasure). Customers the bank no longer has (erased since the
 * export) are left out: nothing of theirs is written again.
 */
import { existsSync } from 'node:fs';
import { WRITTEN_BY_WEALTHREC_RUN } from '../../src/bank/written-by-wealthrec.js';
import { basename, join } from 'node:path';
import type { Knex } from 'knex';
import { formatDay, todayInBank, type DayNumber } from '../../src/domain/dates.js';
import { UsageError } from '../../src/errors.js';
import { CampaignListUnavailableError, UnknownCampaignError } from '../errors.js';
import { exportRecordOfBytes, isBytesOf, readExportRecord, type ExportRecord } from './campaign-export-record.js';
import { readCampaignListFile, type CampaignListFile } from './campaign-list-file.js';
import { readSentRecord, SENT_AUDIT_ACTION, type SentRecord } from './campaign-sent-record.js';

/** An export's audit id, or the path of its list file. */
export type ListRef = number | string;

export { WRITTEN_BY_WEALTHREC_RUN };

export interface RecordSentOptions {
  /** The day the messages went out (default: today). */
  day?: DayNumber;
  /** Who records it, for the audit record: "cli", or "api:NAME" (never a key). */
  requestedBy: string;
  /** Today in bank time unless a test or a replayed bank sets it: no send is recorded for a later day. */
  today?: DayNumber;
  /** For a list given by its audit id: the folders its file may be in (the server's exports folder, the CLI's --exports-dir). */
  listsDirs?: readonly string[];
}

export interface CampaignSent {
  auditId: number;
  /** Messages this call recorded: 0 when the list had been recorded before. */
  recorded: number;
  alreadyRecorded: boolean;
  /** The send's day (YYYY-MM-DD): the first recording's when it had been recorded before. */
  day: string;
  /** Rows of the list whose customer the bank no longer has (erased since the export), not recorded. */
  skipped: number;
}

/** Rows per INSERT: 8 values a row stays far below either engine's limit on placeholders. */
const ROWS_PER_INSERT = 500;

const contactKey = (auditId: number, customerId: string) => `sent:${auditId}:${customerId}`;

function already(earlier: SentRecord): CampaignSent {
  return { auditId: earlier.auditId, recorded: 0, alreadyRecorded: true, day: formatDay(earlier.day), skipped: 0 };
}

/** A second recording of the same list racing the first: a duplicate key, or SQLite's busy snapshot. */
function isConflict(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^(ER_DUP_ENTRY|ER_LOCK_DEADLOCK|SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)|SQLITE_BUSY.*)$/.test(code);
}

export async function recordCampaignSent(knex: Knex, listRef: ListRef, options: RecordSentOptions): Promise<CampaignSent> {
  let record: ExportRecord;
  let list: CampaignListFile | null = null;
  if (typeof listRef === 'number') {
    const found = await readExportRecord(knex, listRef);
    if (!found) throw new UnknownCampaignError(`no campaign list was exported with audit id ${listRef}`);
    record = found;
  } else {
    list = await readCampaignListFile(listRef);
    record = await recordOfFile(knex, listRef, list.sha256);
  }
  // Sent before: answered from its record, even once the list file is gone.
  const earlier = await readSentRecord(knex, record.auditId);
  if (earlier) return already(earlier);

  const today = options.today ?? todayInBank();
  const day = options.day ?? today;
  if (day < record.asOfDay)
    throw new UsageError(
      `list ${record.auditId} is as of ${record.asOf}: it cannot have been sent on ${formatDay(day)}${options.day === undefined ? ' (today): give the day it was sent' : ''}`,
    );
  if (day > today) throw new UsageError(`${formatDay(day)} is after today (${formatDay(today)}): a send is recorded once it has happened`);

  list ??= await listFileOf(knex, record, options.listsDirs ?? []);
  if (list.rows.length === 0) throw new UsageError(`list ${record.auditId} has no rows: there was nothing to send`);
  try {
    return await writeSends(knex, record, list, day, options.requestedBy);
  } catch (err) {
    const first = isConflict(err) ? await readSentRecord(knex, record.auditId) : null;
    if (first) return already(first);
    throw err;
  }
}

/** The export record of a list file given by path; refuses a file without one, or one changed since. */
async function recordOfFile(knex: Knex, path: string, sha256: string): Promise<ExportRecord> {
  const match = await exportRecordOfBytes(knex, sha256, basename(path));
  if (match.kind === 'found') return match.record;
  if (match.kind === 'changed')
    throw new CampaignListUnavailableError(
      `${path} is not the list its export recorded: audit record ${match.records.map((r) => r.auditId).join(', ')} hashed other bytes (sha256 ${match.records[0].sha256}, this file ${sha256}); only a list as exported is recorded as sent`,
    );
  if (match.kind === 'ambiguous')
    throw new CampaignListUnavailableError(
      `${path} has the bytes of several exports (audit records ${match.records.map((r) => r.auditId).join(', ')}): give the audit id of the one that was sent`,
    );
  throw new CampaignListUnavailableError(
    `${path} has no export record (no campaign.export audit record with its sha256 ${sha256}): a list is recorded as sent only when its export was recorded`,
  );
}

/** The file of a list given by audit id, from the folders lists are kept in, checked against its record. */
async function listFileOf(knex: Knex, record: ExportRecord, dirs: readonly string[]): Promise<CampaignListFile> {
  for (const dir of dirs) {
    const path = join(dir, record.file);
    if (!existsSync(path)) continue;
    const list = await readCampaignListFile(path);
    if (await isBytesOf(knex, record, list.sha256)) return list;
    throw new CampaignListUnavailableError(
      `${path} is not the list audit record ${record.auditId} hashed (sha256 ${record.sha256}, the file now ${list.sha256}): it was changed after the export`,
    );
  }
  throw new CampaignListUnavailableError(
    `the file ${record.file} of list ${record.auditId} is not in ${dirs.length ? dirs.join(', ') : 'any folder given'}: it may have been deleted after the retention period; give its path instead`,
  );
}

async function writeSends(knex: Knex, record: ExportRecord, list: CampaignListFile, day: DayNumber, requestedBy: string): Promise<CampaignSent> {
  const { auditId, productId, channel } = record;
  return knex.transaction(async (trx) => {
    // MariaDB: two recordings of one list queue on the export's record, and the second sees the first's.
    // SQLite has one writer at a time; a second process's write fails busy and is answered by the retry above.
    if (knex.client.config.client === 'mysql2') await trx('audit_log').where('id', auditId).forUpdate().first('id');
    const earlier = await readSentRecord(trx, auditId);
    if (earlier) return already(earlier);

    const known = new Set<string>();
    for (let at = 0; at < list.rows.length; at += ROWS_PER_INSERT) {
      const ids = list.rows.slice(at, at + ROWS_PER_INSERT).map((r) => r.customerId);
      for (const r of await trx('customers').whereIn('customer_id', ids).select('customer_id')) known.add(String(r.customer_id));
    }
    const sent = list.rows.filter((r) => known.has(r.customerId));
    for (let at = 0; at < sent.length; at += ROWS_PER_INSERT) {
      const chunk = sent.slice(at, at + ROWS_PER_INSERT);
      await trx('campaign_sends').insert(
        chunk.map((r) => ({
          audit_id: auditId,
          customer_id: r.customerId,
          product_id: productId,
          channel,
          sent_day: day,
          list_rank: r.rank,
          score_millionths: r.scoreMillionths,
          decile: r.decile,
        })),
      );
      await trx('contacts').insert(
        chunk.map((r) => ({
          contact_key: contactKey(auditId, r.customerId),
          customer_id: r.customerId,
          product_id: productId,
          contacted_day: day,
          channel,
          responded: 0, // not known yet (see above)
          import_run_id: WRITTEN_BY_WEALTHREC_RUN,
        })),
      );
    }
    const skipped = list.rows.length - sent.length;
    await trx('audit_log').insert({
      at: new Date().toISOString(),
      action: SENT_AUDIT_ACTION,
      subject: String(auditId),
      // Counts only: never a customer id.
      details: JSON.stringify({ auditId, day: formatDay(day), messages: sent.length, skipped, file: record.file, requestedBy }),
    });
    return { auditId, recorded: sent.length, alreadyRecorded: false, day: formatDay(day), skipped };
  });
}
