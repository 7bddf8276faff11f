/**
 * Every exported list, newest first, with whether it was sent and, once its window has closed, how
 * many of its customers bought against how many its scores expected (GET /v1/campaigns, the
 * console's past lists). A list's full results are campaign-results.ts's.
 */
import type { Knex } from 'knex';
import { formatDay, todayInBank, type DayNumber } from '../../src/domain/dates.js';
import { allExportRecords, type ExportRecord } from './campaign-export-record.js';
import { resultsWindow, windowDaysOf, type ResultsWindow } from './campaign-results.js';
import { allSentRecords } from './campaign-sent-record.js';

export interface PastCampaign {
  auditId: number;
  productId: string;
  channel: string;
  /** When the export was recorded (ISO instant). */
  exportedAt: string;
  asOf: string;
  rows: number;
  /** The export's own figure (2 decimals). */
  expectedBuyers: number;
  file: string;
  sent: { day: string; messages: number } | null;
  /** Null until the list is sent; buyers only once the window has closed. */
  results: {
    closed: boolean;
    /** The first day the results can be read (the day after the window's last). */
    closesOn: string;
    windowDays: number;
    buyers?: number;
    /** The sum of the scores of the messages as sent. */
    expectedBuyers: number;
  } | null;
}

export interface PastCampaignOptions {
  today?: DayNumber;
  /** One window for every list (default: each list's demand horizon). */
  windowDays?: number;
}

/** Customers sent the list who bought its product within the window. */
async function countBuyers(knex: Knex, record: ExportRecord, window: ResultsWindow): Promise<number> {
  const row = await knex('purchases as p')
    .join('campaign_sends as s', 's.customer_id', 'p.customer_id')
    .where('s.audit_id', record.auditId)
    .andWhere('p.product_id', record.productId)
    .andWhere('p.purchase_day', '>=', window.from)
    .andWhere('p.purchase_day', '<=', window.to)
    .countDistinct({ n: 'p.customer_id' })
    .first();
  return Number(row?.n ?? 0);
}

export async function listPastCampaigns(knex: Knex, options: PastCampaignOptions = {}): Promise<PastCampaign[]> {
  const today = options.today ?? todayInBank();
  const records = await allExportRecords(knex);
  const sentRecords = await allSentRecords(knex);
  // MariaDB answers SUM as a DECIMAL string: Number() either way.
  const scoreSums = new Map<number, number>(
    (
      (await knex('campaign_sends').groupBy('audit_id').select('audit_id').sum({ millionths: 'score_millionths' })) as Array<{
        audit_id: number;
        millionths: number | string;
      }>
    ).map((r) => [Number(r.audit_id), Number(r.millionths)]),
  );
  const lists: PastCampaign[] = [];
  for (const record of records) {
    const sent = sentRecords.get(record.auditId);
    let results: PastCampaign['results'] = null;
    if (sent) {
      const windowDays = windowDaysOf(record, options.windowDays);
      const window = resultsWindow(sent.day, windowDays);
      const closed = today >= window.closesOn;
      results = {
        closed,
        closesOn: formatDay(window.closesOn),
        windowDays,
        ...(closed ? { buyers: await countBuyers(knex, record, window) } : {}),
        expectedBuyers: (scoreSums.get(record.auditId) ?? 0) / 1_000_000,
      };
    }
    lists.push({
      auditId: record.auditId,
      productId: record.productId,
      channel: record.channel,
      exportedAt: record.exportedAt,
      asOf: record.asOf,
      rows: record.rows,
      expectedBuyers: record.expectedBuyers,
      file: record.file,
      sent: sent ? { day: formatDay(sent.day), messages: sent.messages } : null,
      results,
    });
  }
  return lists;
}
