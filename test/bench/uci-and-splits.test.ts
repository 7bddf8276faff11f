/** The real-data benchmark's reader and splits: duration dropped, pdays 999 missing, bad rows named by line; splits disjoint, stratified, seeded. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stratifiedSplit, timeOrderedSplit } from '../../bench/lib/splits.js';
import { readUciBankMarketing, UCI_NUMBERS } from '../../bench/lib/uci-bank-marketing.js';

const dir = mkdtempSync(join(tmpdir(), 'wealthrec-uci-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEADER =
  '"age";"job";"marital";"education";"default";"housing";"loan";"contact";"month";"day_of_week";"duration";"campaign";"pdays";"previous";"poutcome";"emp.var.rate";"cons.price.idx";"cons.conf.idx";"euribor3m";"nr.employed";"y"';
const row = (age: string, pdays: string, y: string) =>
  `${age};"admin.";"married";"university.degree";"no";"yes";"no";"cellular";"may";"mon";487;2;${pdays};0;"nonexistent";-1.8;92.893;-46.2;1.313;5099.1;"${y}"`;

function file(lines: string[]): string {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, [HEADER, ...lines].join('\n'));
  return path;
}

describe('readUciBankMarketing', () => {
  it('reads the features the model may use, without duration, with pdays 999 as missing', () => {
    const data = readUciBankMarketing(file([row('41', '999', 'no'), row('35', '6', 'yes')]));
    expect(data.length).toBe(2);
    expect([...data.labels]).toEqual([0, 1]);
    expect([...data.numbers.keys()]).toEqual([...UCI_NUMBERS]);
    expect(data.numbers.has('duration')).toBe(false);
    expect(Number.isNaN(data.numbers.get('pdays')![0])).toBe(true);
    expect(data.numbers.get('pdays')![1]).toBe(6);
    expect(data.numbers.get('euribor3m')![0]).toBeCloseTo(1.313, 5);
    expect(data.categories.get('job')).toEqual(['admin.', 'admin.']);
  });

  it('names the line and column of a bad value', () => {
    expect(() => readUciBankMarketing(file([row('41', '999', 'no'), row('forty', '999', 'no')]))).toThrow(/:3: age is "forty", not a number/);
    expect(() => readUciBankMarketing(file([row('41', '999', 'maybe')]))).toThrow(/:2: y is "maybe"/);
  });
});

describe('splits', () => {
  const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
  const rows = Int32Array.from({ length: 1000 }, (_, i) => i);

  it('stratified: disjoint, covering, the positive share kept, the same for the same seed', () => {
    const s = stratifiedSplit(labels, rows, 0.2, 5);
    expect(s.test.length).toBe(200);
    expect(new Set([...s.train, ...s.test]).size).toBe(1000);
    expect(s.test.reduce((a, r) => a + labels[r], 0)).toBe(20);
    expect(stratifiedSplit(labels, rows, 0.2, 5)).toEqual(s);
    expect(stratifiedSplit(labels, rows, 0.2, 6).test).not.toEqual(s.test);
  });

  it('time-ordered: every test row comes after every training row', () => {
    const s = timeOrderedSplit(rows, 0.2);
    expect(s.test.length).toBe(200);
    expect(Math.max(...s.train)).toBeLessThan(Math.min(...s.test));
  });
});
