/**
 * The synthetic bank's oracle (oracle/choice.csv, written by `wealthrec generate`): the true
 * probability that the customer chooses each product on an occasion, which knows the customer's
 * hidden traits, and, when the bank was generated with them, two bounds a model can reach: given
 * the customer's past choices, and with no history. Scored like any model, they show how far the
 * best possible ranking is from ours.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDay } from '../src/domain/dates.js';
import { UsageError } from '../src/errors.js';
import type { Samples } from './samples.js';

const KEY_COLUMNS = ['customer_id', 'date', 'product_id'];

/** The probability columns a reader knows, in the order they are scored; only `probability` must be present. */
export const ORACLE_COLUMNS = [
  {
    column: 'probability',
    name: 'full oracle (knows hidden traits; not reachable)',
    description: "the synthetic bank's true choice probabilities, which know each customer's hidden traits: no model can reach them",
  },
  {
    column: 'bound_history',
    name: 'achievable bound given past choices',
    description: "the posterior predictive over redraws of the hidden traits, weighted by the customer's earlier choices: the best a model can do",
  },
  {
    column: 'bound_no_history',
    name: 'bound with no history',
    description: 'the choice probability averaged over redraws of the hidden traits: the best a model can do for a customer with no purchase',
  },
] as const;

export type OracleColumn = (typeof ORACLE_COLUMNS)[number]['column'];

/** The scorer name an oracle column is reported under. */
export function oracleScorerName(column: OracleColumn): string {
  return ORACLE_COLUMNS.find((c) => c.column === column)!.name;
}

/** Per oracle column present in the file: probability by customer, day and product. */
export type OracleChoice = Map<OracleColumn, Map<string, number>>;

const key = (customerId: string, day: number, productId: string) => `${customerId}|${day}|${productId}`;

export async function readOracleChoice(oracleDir: string): Promise<OracleChoice> {
  const path = join(oracleDir, 'choice.csv');
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  const header = lines[0].trim().split(',');
  if (header.slice(0, 4).join(',') !== [...KEY_COLUMNS, 'probability'].join(','))
    throw new UsageError(`${path}:1: expected the header to start with "${[...KEY_COLUMNS, 'probability'].join(',')}"`);
  // Columns this reader does not know are skipped, so newer generators stay readable.
  const known = ORACLE_COLUMNS.map((c) => ({ column: c.column, at: header.indexOf(c.column) })).filter((c) => c.at >= 3);
  const choice: OracleChoice = new Map(known.map((c) => [c.column, new Map<string, number>()]));
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const cells = lines[i].split(',');
    const [customerId, date, productId] = cells;
    const day = parseDay(date ?? '');
    if (day === null || productId === undefined || cells.length !== header.length)
      throw new UsageError(`${path}:${i + 1}: expected ${header.length} cells (${header.join(',')})`);
    for (const c of known) {
      const p = Number(cells[c.at]);
      if (!Number.isFinite(p)) throw new UsageError(`${path}:${i + 1}: ${c.column} is not a number: "${cells[c.at]}"`);
      choice.get(c.column)!.set(key(customerId, day, productId), p);
    }
  }
  return choice;
}

/** One oracle column's score for each row; `missing` counts rows the oracle does not cover. */
export function oracleScores(column: Map<string, number>, samples: Samples, rows: Int32Array): { scores: Float32Array; missing: number } {
  let missing = 0;
  const scores = Float32Array.from(rows, (r) => {
    const p = column.get(key(samples.customerIds[r], samples.asOf[r], samples.productIds[r]));
    if (p === undefined) missing++;
    return p ?? 0;
  });
  return { scores, missing };
}
