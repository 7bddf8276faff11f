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

  it('refuses nonsense options with a message that names them', async () => {
    await expect(generateSmall({ customers: 0 })).rejects.toThrow(/customers must be a positive integer, got 0/);
    await expect(generateSmall({ endDate: '2026-02-30' })).rejects.toThrow(/endDate/);
  });
});
