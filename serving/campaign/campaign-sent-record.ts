/**
 * The audit record of a list recorded as sent (action `campaign.sent`, subject the export's audit
 * id): the one mark that a list was sent, on which day, with how many messages. It holds no customer
 * id, so it outlives erasures; the messages themselves are campaign_sends rows.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { parseDay, type DayNumber } from '../../src/domain/dates.js';

export const SENT_AUDIT_ACTION = 'campaign.sent';

export interface SentRecord {
  /** The send's own audit record. */
  id: number;
  /** The export's audit id: the list. */
  auditId: number;
  day: DayNumber;
  /** Messages recorded when it was sent (an erasure since removes its customer's row, not this count). */
  messages: number;
  recordedAt: string;
}

const sentDetails = z.object({ auditId: z.number().int(), day: z.string(), messages: z.number().int().min(0) });

function toSentRecord(row: { id: number | string; at: string; details: string | null }): SentRecord {
  const details = sentDetails.parse(JSON.parse(row.details ?? 'null'));
  const day = parseDay(details.day);
  if (day === null) throw new Error(`audit record ${row.id}: day "${details.day}" is not a date`);
  return { id: Number(row.id), auditId: details.auditId, day, messages: details.messages, recordedAt: row.at };
}

export async function readSentRecord(knex: Knex, auditId: number): Promise<SentRecord | null> {
  const row = await knex('audit_log')
    .where({ action: SENT_AUDIT_ACTION, subject: String(auditId) })
    .orderBy('id')
    .first('id', 'at', 'details');
  return row ? toSentRecord(row) : null;
}

/** Every list recorded as sent, by the export's audit id. */
export async function allSentRecords(knex: Knex): Promise<Map<number, SentRecord>> {
  const rows = await knex('audit_log').where('action', SENT_AUDIT_ACTION).orderBy('id').select('id', 'at', 'details');
  const byList = new Map<number, SentRecord>();
  for (const row of rows) {
    const record = toSentRecord(row);
    if (!byList.has(record.auditId)) byList.set(record.auditId, record);
  }
  return byList;
}
