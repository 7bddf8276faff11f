/** Same options give the same bytes; each customer has its own random stream. */

import { describe, it, expect, afterAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSmall as generate, hashTree, removeBank, type SmallBank } from './helpers.js';

const SIZE = { customers: 800, days: 60 };
const made: SmallBank[] = [];
async function generateSmall(options: Parameters<typeof generate>[0]): Promise<SmallBank> {
  const bank = await generate(options);
  made.push(bank);
  return bank;
}
afterAll(() => Promise.all(made.map(removeBank)));

describe('generateBank determinism', () => {
  it('writes byte-identical files for the same options, and different ones for another seed', async () => {
    const a = await generateSmall({ ...SIZE, seed: 11 });
    const b = await generateSmall({ ...SIZE, seed: 11 });
    const c = await generateSmall({ ...SIZE, seed: 12 });
    const [ha, hb, hc] = await Promise.all([hashTree(a.dir), hashTree(b.dir), hashTree(c.dir)]);
    expect(Object.keys(ha).sort()).toEqual(
      [
        'contacts.csv',
        'customers.csv',
        'deposits.csv',
        'generator.json',
        'loans.csv',
        'opt_outs.csv',
        'oracle/choice.csv',
        'oracle/demand.csv',
        'products.csv',
        'purchases.csv',
        'salaries.csv',
      ].sort(),
    );
    expect(hb).toEqual(ha);
    for (const file of ['products.csv', 'customers.csv', 'purchases.csv', 'deposits.csv']) expect(hc[file]).not.toBe(ha[file]);
  });

  it('gives each customer an independent stream: a bigger bank starts with the same customers', async () => {
    const small = await generateSmall({ customers: 300, days: 60, seed: 5 });
    const big = await generateSmall({ customers: 600, days: 60, seed: 5 });
    for (const file of ['customers.csv', 'purchases.csv', 'deposits.csv']) {
      const s = await readFile(join(small.dir, file), 'utf8');
      const b = await readFile(join(big.dir, file), 'utf8');
      expect(b.startsWith(s)).toBe(true);
    }
  });

  it('leaves the bank alone with the bounds: every table and oracle column the same bytes as without them', async () => {
    const off = await generateSmall({ ...SIZE, seed: 11, boundDraws: 0 });
    const on = await generateSmall({ ...SIZE, seed: 11 });
    const [hOff, hOn] = await Promise.all([hashTree(off.dir), hashTree(on.dir)]);
    const bankFiles = Object.keys(hOff).filter((f) => f.endsWith('.csv') && f !== 'oracle/choice.csv');
    expect(bankFiles).toHaveLength(9); // the eight tables and oracle/demand.csv
    for (const file of bankFiles) expect(hOn[file], file).toBe(hOff[file]);
    const offLines = (await readFile(join(off.dir, 'oracle/choice.csv'), 'utf8')).split('\n');
    const onLines = (await readFile(join(on.dir, 'oracle/choice.csv'), 'utf8')).split('\n');
    expect(offLines[0]).toBe('customer_id,date,product_id,probability');
    expect(onLines[0]).toBe('customer_id,date,product_id,probability,bound_history,bound_no_history');
    expect(onLines.length).toBe(offLines.length);
    expect(onLines.length).toBeGreaterThan(100);
    for (let i = 1; i < onLines.length; i++) expect(onLines[i].split(',').slice(0, 4).join(',')).toBe(offLines[i]);
  });

  it('refuses nonsense options with a message that names them', async () => {
    await expect(generateSmall({ customers: 0 })).rejects.toThrow(/customers must be a positive integer, got 0/);
    await expect(generateSmall({ endDate: '2026-02-30' })).rejects.toThrow(/endDate/);
    await expect(generateSmall({ boundDraws: -1 })).rejects.toThrow(/boundDraws must be a non-negative integer, got -1/);
  });
});
