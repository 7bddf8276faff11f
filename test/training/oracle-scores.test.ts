/** The choice oracle reader takes files with and without the bound columns, and skips columns it does not know. */

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDay } from '../../src/domain/dates.js';
import { readOracleChoice } from '../../training/oracle-scores.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wealthrec-oracle-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function oracleDir(name: string, text: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'choice.csv'), text, 'utf8');
  return dir;
}

const day = parseDay('2026-06-30')!;

describe('readOracleChoice', () => {
  it('reads the full oracle alone from a bank generated before the bounds', async () => {
    const dir = await oracleDir('old', 'customer_id,date,product_id,probability\nC1,2026-06-30,WM1,0.250000000\nC1,2026-06-30,WM2,0.750000000\n');
    const oracle = await readOracleChoice(dir);
    expect([...oracle.keys()]).toEqual(['probability']);
    expect(oracle.get('probability')!.get(`C1|${day}|WM2`)).toBe(0.75);
  });

  it('reads the bounds beside it, and skips a column it does not know', async () => {
    const dir = await oracleDir(
      'new',
      'customer_id,date,product_id,probability,bound_history,later_column,bound_no_history\nC1,2026-06-30,WM1,0.25,0.4,9,0.5\nC1,2026-06-30,WM2,0.75,0.6,9,0.5\n',
    );
    const oracle = await readOracleChoice(dir);
    expect([...oracle.keys()]).toEqual(['probability', 'bound_history', 'bound_no_history']);
    expect(oracle.get('bound_history')!.get(`C1|${day}|WM1`)).toBe(0.4);
    expect(oracle.get('bound_no_history')!.get(`C1|${day}|WM2`)).toBe(0.5);
  });

  it('says what it expected when the header or a row is wrong', async () => {
    await expect(readOracleChoice(await oracleDir('bad-header', 'customer,date,product_id,probability\n'))).rejects.toThrow(
      /choice.csv:1: expected the header to start with "customer_id,date,product_id,probability"/,
    );
    const short = await oracleDir('short', 'customer_id,date,product_id,probability,bound_history,bound_no_history\nC1,2026-06-30,WM1,0.25\n');
    await expect(readOracleChoice(short)).rejects.toThrow(/choice.csv:2: expected 6 cells/);
  });
});
