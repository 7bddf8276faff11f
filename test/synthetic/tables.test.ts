/** The synthetic tables follow SCHEMA.md and the invariants the importer and the learners rely on. */

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TABLES, csvHeader } from '../../src/bank/tables.js';
import { day, generateSmall, groupBy, readCsv, type Row, removeBank, type SmallBank } from './helpers.js';

const MONEY = /^\d+\.\d{2}$/;
let bank: SmallBank;
let first: number;
let last: number;
const tables: Record<string, Row[]> = {};

beforeAll(async () => {
  bank = await generateSmall();
  first = day(bank.summary.firstDay);
  last = day(bank.summary.lastDay);
  for (const t of TABLES) tables[t.name] = (await readCsv(join(bank.dir, t.file))).rows;
});

afterAll(() => removeBank(bank));

describe('synthetic bank tables follow SCHEMA.md', () => {
  it('writes every table with exactly the declared header, UTF-8 without BOM, and counts its rows', async () => {
    for (const t of TABLES) {
      const text = await readFile(join(bank.dir, t.file), 'utf8');
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text.slice(0, text.indexOf('\n'))).toBe(csvHeader(t.name).join(','));
      expect(bank.summary.rows[t.name]).toBe(tables[t.name].length);
      expect(tables[t.name].length, t.name).toBeGreaterThan(0);
    }
  });

  it('keeps ids unique and leaves about a tenth of purchase ids empty', () => {
    const unique = (values: string[]) => new Set(values).size === values.length;
    expect(unique(tables.customers.map((r) => r.customer_id))).toBe(true);
    expect(unique(tables.products.map((r) => r.product_id))).toBe(true);
    const ids = tables.purchases.map((r) => r.purchase_id);
    expect(unique(ids.filter((id) => id !== ''))).toBe(true);
    const empty = ids.filter((id) => id === '').length / ids.length;
    expect(empty).toBeGreaterThan(0.05);
    expect(empty).toBeLessThan(0.15);
  });

  it('writes at most one deposit row per customer and date, with non-negative two-decimal balances, from the first day on', () => {
    const seen = new Set<string>();
    let duplicates = 0;
    let badMoney = 0;
    for (const r of tables.deposits) {
      const key = r.customer_id + r.date;
      if (seen.has(key)) duplicates++;
      seen.add(key);
      if (!MONEY.test(r.demand_balance) || !MONEY.test(r.time_balance)) badMoney++;
    }
    expect(duplicates).toBe(0);
    expect(badMoney).toBe(0);
    const firstRow = groupBy(tables.deposits, (r) => r.customer_id);
    expect(firstRow.size).toBe(tables.customers.length);
    for (const c of tables.customers) expect(day(firstRow.get(c.customer_id)![0].date)).toBe(Math.max(first, day(c.open_date)));
    const perCustomer = [...firstRow.values()].map((rows) => rows.length);
    expect(perCustomer.reduce((a, b) => a + b, 0) / perCustomer.length).toBeGreaterThan(10);
  });

  it('writes money columns as non-negative yuan with two decimals everywhere', () => {
    const columns: [string, string][] = [
      ['purchases', 'amount'],
      ['loans', 'loan_balance'],
      ['salaries', 'amount'],
      ['products', 'min_amount'],
    ];
    for (const [table, column] of columns) expect(tables[table].filter((r) => !MONEY.test(r[column])).slice(0, 3), `${table}.${column}`).toEqual([]);
  });

  it('puts no date after the last day and no activity before the window', () => {
    const dated: [string, string][] = [
      ['purchases', 'purchase_date'],
      ['deposits', 'date'],
      ['loans', 'date'],
      ['salaries', 'pay_date'],
      ['contacts', 'contacted_on'],
      ['opt_outs', 'opted_out_on'],
      ['customers', 'open_date'],
      ['products', 'sale_end'],
    ];
    for (const [table, column] of dated) {
      const late = tables[table].filter((r) => r[column] !== '' && day(r[column]) > last);
      expect(late.slice(0, 3), `${table}.${column}`).toEqual([]);
    }
    expect(tables.purchases.every((r) => day(r.purchase_date) >= first)).toBe(true);
  });

  it('describes customers plausibly: ages 20-75, risk levels 1-5 with a few unknown, Shandong cities', () => {
    const ages = tables.customers.filter((c) => c.birth_date !== '').map((c) => (last - day(c.birth_date)) / 365.25);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...ages)).toBeLessThanOrEqual(75.01);
    const risks = tables.customers.map((c) => c.risk_level);
    expect(risks.every((r) => r === '' || /^[1-5]$/.test(r))).toBe(true);
    const unknown = risks.filter((r) => r === '').length / risks.length;
    expect(unknown).toBeGreaterThan(0.01);
    expect(unknown).toBeLessThan(0.06);
    const opened = tables.customers.filter((c) => day(c.open_date) >= first).length / tables.customers.length;
    expect(opened).toBeGreaterThan(0.35);
    expect(opened).toBeLessThan(0.55);
    expect(new Set(tables.customers.map((c) => c.city))).toContain('济南');
  });

  it('keeps products on sale inside the window, with open-ended ones always on sale', () => {
    for (const p of tables.products) {
      const end = p.sale_end === '' ? last : day(p.sale_end);
      expect(end >= first && day(p.sale_start) <= last && day(p.sale_start) <= end, p.product_id).toBe(true);
      expect([0, 7, 14, 30, 63, 91, 182, 365, 730]).toContain(Number(p.term_days));
      expect(p.expected_yield).toMatch(/^\d+\.\d{2}$/);
    }
    const open = tables.products.filter((p) => p.sale_end === '');
    expect(open.length).toBeGreaterThanOrEqual(6);
    expect(open.every((p) => p.term_days === '0' && day(p.sale_start) < first)).toBe(true);
    const launches = tables.products.length - open.length;
    expect(launches / bank.summary.rows.products).toBeGreaterThan(0.9);
    expect(launches / 120).toBeGreaterThan(0.9);
    expect(launches / 120).toBeLessThan(1.7);
  });

  it('never contacts a customer by SMS on or after an sms/all opt-out', () => {
    const optOuts = new Map(tables.opt_outs.filter((o) => o.channel === 'sms' || o.channel === 'all').map((o) => [o.customer_id, day(o.opted_out_on)]));
    expect(optOuts.size).toBeGreaterThan(0);
    const late = tables.contacts.filter((c) => optOuts.has(c.customer_id) && day(c.contacted_on) >= optOuts.get(c.customer_id)!);
    expect(late).toEqual([]);
  });

  it('marks a contact as answered exactly when the product was bought within 7 days', () => {
    const bought = groupBy(tables.purchases, (p) => `${p.customer_id}|${p.product_id}`);
    let answered = 0;
    for (const c of tables.contacts) {
      const sent = day(c.contacted_on);
      const hit = (bought.get(`${c.customer_id}|${c.product_id}`) ?? []).some((p) => day(p.purchase_date) >= sent && day(p.purchase_date) <= sent + 7);
      expect(c.responded, JSON.stringify(c)).toBe(hit ? '1' : '0');
      if (hit) answered++;
    }
    expect(answered).toBeGreaterThan(0);
  });

  it('stamps a time on about half the purchases', () => {
    const stamped = tables.purchases.filter((p) => p.purchase_date.length > 10).length / tables.purchases.length;
    expect(stamped).toBeGreaterThan(0.35);
    expect(stamped).toBeLessThan(0.75);
  });
});
