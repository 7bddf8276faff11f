/**
 * A sent list's results (`wealthrec campaign results`, GET /v1/campaigns/{auditId}/results): once its
 * window has closed, the customers it was sent to who bought its product within the window, against
 * the buyers its scores expected, per tenth of the list and in total, and the gain curve. This is the
 * list's calibration: a score is P(buys the product within the demand model's horizon), so the
 * window defaults to that horizon, recorded in the export's audit record (7 days, the horizon of
 * `features demand`, in records that predate it).
 *
 * The window is the horizon's: the days sent_day .. sent_day + W - 1, as a demand label's [d, d + H).
 * It closes once its last day is past (today > sent_day + W - 1): its purchases are then in.
 *
 * Everything is read from campaign_sends, the list as it was sent: an opt-out or a risk change
 * recorded since does not change who was sent what. Only an erasure does: an erased customer's sends
 * are gone with the rest of their data.
 */
import type { Knex } from 'knex';
import { formatDay, todayInBank, type DayNumber } from '../../src/domain/dates.js';
import { UsageError } from '../../src/errors.js';
import { CampaignNotSentError, CampaignWindowOpenError, UnknownCampaignError } from '../errors.js';
import { readExportRecord, type ExportRecord } from './campaign-export-record.js';
import { readSentRecord } from './campaign-sent-record.js';

/** The window when the export's record names no horizon: the default horizon of `features demand` (and the bank's 7-day response window). */
export const DEFAULT_RESULTS_WINDOW_DAYS = 7;
export const MAX_RESULTS_WINDOW_DAYS = 365;
/** The gain curve's points: every 5% of the list. */
const GAIN_STEPS = 20;

export interface ResultsOptions {
  /** Days from the send counted (default: the list's demand horizon). */
  windowDays?: number;
  /** Today in bank time unless a test or a replayed bank sets it. */
  today?: DayNumber;
}

export interface Tally {
  messages: number;
  /** Customers sent the list who bought its product within the window. */
  buyers: number;
  /** The sum of their scores: the buyers the model expected. */
  expectedBuyers: number;
  /** buyers / expectedBuyers; null when nothing was expected. */
  ratio: number | null;
}

export interface DecileResult extends Tally {
  /** The tenth of the list by rank (1 = its best-scored tenth). */
  decile: number;
}

export interface GainPoint {
  /** The share of the list, from its top: 0.05, 0.10 ... 1. */
  listShare: number;
  /** Messages in that share (rounded up). */
  messages: number;
  buyers: number;
  /** Its share of the list's buyers; null when the list had none. */
  buyersShare: number | null;
}

export interface Results {
  total: Tally;
  deciles: DecileResult[];
  gainCurve: GainPoint[];
}

export interface CampaignResults extends Results {
  auditId: number;
  productId: string;
  channel: string;
  asOf: string;
  sentDay: string;
  windowDays: number;
  /** The window's first and last day (YYYY-MM-DD). */
  windowFrom: string;
  windowTo: string;
}

/** A message of the list, in rank order: its score and whether its customer bought. */
export interface SentMessage {
  scoreMillionths: number;
  bought: boolean;
}

export interface ResultsWindow {
  from: DayNumber;
  to: DayNumber;
  /** The first day results can be read: the day after the window's last. */
  closesOn: DayNumber;
}

export function resultsWindow(sentDay: DayNumber, windowDays: number): ResultsWindow {
  return { from: sentDay, to: sentDay + windowDays - 1, closesOn: sentDay + windowDays };
}

/** The window asked for, or the list's horizon; refuses one that is not a whole number of days in 1..365. */
export function windowDaysOf(record: ExportRecord, asked: number | undefined): number {
  const days = asked ?? record.horizonDays ?? DEFAULT_RESULTS_WINDOW_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_RESULTS_WINDOW_DAYS)
    throw new UsageError(`window: expected whole days from 1 to ${MAX_RESULTS_WINDOW_DAYS}, got ${days}`);
  return days;
}

function tally(messages: readonly SentMessage[]): Tally {
  let buyers = 0;
  let millionths = 0; // integers: exact whatever the order of the sum
  for (const m of messages) {
    if (m.bought) buyers++;
    millionths += m.scoreMillionths;
  }
  const expectedBuyers = millionths / 1_000_000;
  return { messages: messages.length, buyers, expectedBuyers, ratio: expectedBuyers > 0 ? buyers / expectedBuyers : null };
}

/** The arithmetic of results, on the list's messages in rank order. */
export function tallyResults(messages: readonly SentMessage[]): Results {
  const n = messages.length;
  const tenths: SentMessage[][] = Array.from({ length: 10 }, () => []);
  for (let k = 0; k < n; k++) tenths[Math.floor((10 * k) / n)].push(messages[k]);
  const deciles = tenths.flatMap((ms, i) => (ms.length > 0 ? [{ decile: i + 1, ...tally(ms) }] : []));
  const total = tally(messages);
  const boughtBefore = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) boughtBefore[k + 1] = boughtBefore[k] + (messages[k].bought ? 1 : 0);
  const gainCurve = Array.from({ length: GAIN_STEPS }, (_, j): GainPoint => {
    const count = Math.ceil(((j + 1) * n) / GAIN_STEPS);
    const buyers = boughtBefore[count];
    return { listShare: (j + 1) / GAIN_STEPS, messages: count, buyers, buyersShare: total.buyers > 0 ? buyers / total.buyers : null };
  });
  return { total, deciles, gainCurve };
}

/** The list's messages in rank order, each marked bought when its customer bought the product within the window. */
export async function sentMessages(knex: Knex, record: ExportRecord, window: ResultsWindow): Promise<SentMessage[]> {
  const sends = await knex('campaign_sends').where('audit_id', record.auditId).orderBy('list_rank').select('customer_id', 'score_millionths');
  const buyers = new Set<string>(
    (
      await knex('purchases as p')
        .join('campaign_sends as s', 's.customer_id', 'p.customer_id')
        .where('s.audit_id', record.auditId)
        .andWhere('p.product_id', record.productId)
        .andWhere('p.purchase_day', '>=', window.from)
        .andWhere('p.purchase_day', '<=', window.to)
        .distinct('p.customer_id')
    ).map((r) => String(r.customer_id)),
  );
  return sends.map((s) => ({ scoreMillionths: Number(s.score_millionths), bought: buyers.has(String(s.customer_id)) }));
}

export async function campaignResults(knex: Knex, auditId: number, options: ResultsOptions = {}): Promise<CampaignResults> {
  const record = await readExportRecord(knex, auditId);
  if (!record) throw new UnknownCampaignError(`no campaign list was exported with audit id ${auditId}`);
  const windowDays = windowDaysOf(record, options.windowDays);
  const sent = await readSentRecord(knex, auditId);
  if (!sent) throw new CampaignNotSentError(`list ${auditId} was never recorded as sent (wealthrec campaign sent ${auditId}): it has no results to measure`);
  const window = resultsWindow(sent.day, windowDays);
  const today = options.today ?? todayInBank();
  if (today < window.closesOn)
    throw new CampaignWindowOpenError(
      `the ${windowDays}-day window of list ${auditId} runs from ${formatDay(window.from)} to ${formatDay(window.to)}: its results can be read from ${formatDay(window.closesOn)}`,
    );
  return {
    auditId,
    productId: record.productId,
    channel: record.channel,
    asOf: record.asOf,
    sentDay: formatDay(sent.day),
    windowDays,
    windowFrom: formatDay(window.from),
    windowTo: formatDay(window.to),
    ...tallyResults(await sentMessages(knex, record, window)),
  };
}
