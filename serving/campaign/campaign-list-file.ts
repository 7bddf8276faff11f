/**
 * A campaign list file read back (campaign-list.ts writes it): its bytes' sha256, which ties it to its
 * export record, and its rows. The hash and the rows come from the same read, so the rows recorded
 * are the bytes that were checked.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../../src/errors.js';
import { CAMPAIGN_HEADER, CAMPAIGN_HEADER_WITH_REASONS } from './campaign-list.js';

export interface CampaignListRow {
  customerId: string;
  rank: number;
  /** The score as written (6 decimals), in millionths: exact, where a float would not be. */
  scoreMillionths: number;
  /** The file's decile: the tenth of all the export's candidates (1 best). */
  decile: number;
}

export interface CampaignListFile {
  sha256: string;
  rows: CampaignListRow[];
}

const SCORE = /^(0|1)\.(\d{6})$/;

/** "0.123456" as 123456, with no float in between; null when it is not a score as the list writes it. */
export function scoreInMillionths(text: string): number | null {
  const m = SCORE.exec(text);
  if (!m) return null;
  const value = Number(m[1]) * 1_000_000 + Number(m[2]);
  return value <= 1_000_000 ? value : null;
}

const positiveInteger = (text: string) => (/^[1-9]\d*$/.test(text) ? Number(text) : null);

/** Reads and checks a list file; throws a UsageError naming the line at fault. */
export async function readCampaignListFile(path: string): Promise<CampaignListFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`campaign list ${path} does not exist`);
    if (code === 'EISDIR') throw new UsageError(`campaign list ${path} is a folder, not a list file`);
    throw err;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('utf8');
  // A list written with reasons has two more columns (the message's reason), which the loop does not read.
  const withReasons = text.startsWith(CAMPAIGN_HEADER_WITH_REASONS);
  if (!withReasons && !text.startsWith(CAMPAIGN_HEADER))
    throw new UsageError(`${path}: not a campaign list: expected the header ${CAMPAIGN_HEADER.trim()} (or ${CAMPAIGN_HEADER_WITH_REASONS.trim()})`);
  const columns = withReasons ? 6 : 4;
  let records: string[][];
  try {
    records = parse(text, { from_line: 2, relax_column_count: false });
  } catch (err) {
    throw new UsageError(`${path}: not a campaign list: ${(err as Error).message}`);
  }
  const seen = new Set<string>();
  const rows = records.map((r, i): CampaignListRow => {
    const line = i + 2;
    const [customerId, rankText, scoreText, decileText] = r;
    const rank = positiveInteger(rankText);
    const scoreMillionths = scoreInMillionths(scoreText);
    const decile = positiveInteger(decileText);
    if (r.length !== columns || !customerId || rank === null || scoreMillionths === null || decile === null || decile > 10) {
      throw new UsageError(`${path}:${line}: expected customer_id, rank (1, 2...), score (0.000000 to 1.000000) and decile (1 to 10)`);
    }
    if (rank !== i + 1) throw new UsageError(`${path}:${line}: rank ${rank} where ${i + 1} was expected: the list's rows are in rank order`);
    if (seen.has(customerId)) throw new UsageError(`${path}:${line}: a customer listed twice (the list names each customer once)`);
    seen.add(customerId);
    return { customerId, rank, scoreMillionths, decile };
  });
  return { sha256, rows };
}
