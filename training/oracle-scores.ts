/**
 * The synthetic bank's oracle (oracle/choice.csv, written by `wealthrec generate`): the true
 * probability that the customer chooses each product on an occasion. Scored like any model, it
 * shows how far the best possible ranking is from ours.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDay } from '../src/domain/dates.js';
import { UsageError } from '../src/errors.js';
import type { Samples } from './samples.js';

const HEADER = 'customer_id,date,product_id,probability';

export type OracleChoice = Map<string, number>;

const key = (customerId: string, day: number, productId: string) => `${customerId}|${day}|${productId}`;

export async function readOracleChoice(oracleDir: string): Promise<OracleChoice> {
  const path = join(oracleDir, 'choice.csv');
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  if (lines[0].trim() !== HEADER) throw new UsageError(`${path}:1: expected the header "${HEADER}"`);
  const choice: OracleChoice = new Map();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const [customerId, date, productId, probability] = lines[i].split(',');
    const day = parseDay(date ?? '');
    const p = Number(probability);
    if (day === null || productId === undefined || !Number.isFinite(p))
      throw new UsageError(`${path}:${i + 1}: expected customer_id,date,product_id,probability`);
    choice.set(key(customerId, day, productId), p);
  }
  return choice;
}

/** The oracle's score for each row; `missing` counts rows the oracle does not cover. */
export function oracleScores(choice: OracleChoice, samples: Samples, rows: Int32Array): { scores: Float32Array; missing: number } {
  let missing = 0;
  const scores = Float32Array.from(rows, (r) => {
    const p = choice.get(key(samples.customerIds[r], samples.asOf[r], samples.productIds[r]));
    if (p === undefined) missing++;
    return p ?? 0;
  });
  return { scores, missing };
}
