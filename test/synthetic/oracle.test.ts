/** The oracle files are consistent with the bank tables and carry real signal. */

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mayBuy } from '../../src/domain/eligibility.js';
import { BOUND_COLUMNS, CHOICE_COLUMNS, DEFAULT_BOUND_DRAWS, ORACLE_DAYS, audienceFromName } from '../../synthetic/index.js';
import { day, generateSmall, groupBy, readCsv, type Row, removeBank, type SmallBank } from './helpers.js';

let bank: SmallBank;
let last: number;
let customers: Row[];
let products: Row[];
let purchases: Row[];
let demand: Row[];
let choice: Map<string, Row[]>;
let choiceHeader: string[];

beforeAll(async () => {
  bank = await generateSmall();
  last = day(bank.summary.lastDay);
  customers = (await readCsv(join(bank.dir, 'customers.csv'))).rows;
  products = (await readCsv(join(bank.dir, 'products.csv'))).rows;
  purchases = (await readCsv(join(bank.dir, 'purchases.csv'))).rows;
  demand = (await readCsv(join(bank.dir, 'oracle', 'demand.csv'))).rows;
  const choiceCsv = await readCsv(join(bank.dir, 'oracle', 'choice.csv'));
  choiceHeader = choiceCsv.header;
  choice = groupBy(choiceCsv.rows, (r) => `${r.customer_id}|${r.date}`);
});

const oracleDay = (d: number) => d > last - ORACLE_DAYS;
const occasionKey = (p: Row) => `${p.customer_id}|${p.purchase_date.slice(0, 10)}`;

afterAll(() => removeBank(bank));

describe('synthetic bank oracle', () => {
  it('has one demand row per existing customer and oracle day, a probability with 6 decimals', () => {
    let expected = 0;
    for (const c of customers) for (let d = last - ORACLE_DAYS + 1; d <= last; d++) if (day(c.open_date) <= d) expected++;
    expect(demand.length).toBe(expected);
    expect(bank.summary.oracleRows.demand).toBe(expected);
    expect(demand.every((r) => /^[01]\.\d{6}$/.test(r.probability) && Number(r.probability) <= 1)).toBe(true);
  });

  it('has one choice list per purchase of the oracle days, summing to 1, with the bought product in it', () => {
    const occasions = purchases.filter((p) => oracleDay(day(p.purchase_date)));
    expect(occasions.length).toBeGreaterThan(20);
    expect(choice.size).toBe(occasions.length);
    for (const p of occasions) {
      const list = choice.get(occasionKey(p));
      expect(list, occasionKey(p)).toBeDefined();
      const sum = list!.reduce((s, r) => s + Number(r.probability), 0);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-6);
      const bought = list!.find((r) => r.product_id === p.product_id);
      expect(Number(bought?.probability ?? 0)).toBeGreaterThan(0);
    }
  });

  it('lists exactly the products on sale that the customer may buy, as a reader of the CSVs would decide', () => {
    const customerById = new Map(customers.map((c) => [c.customer_id, c]));
    const byCustomer = groupBy(purchases, (p) => p.customer_id);
    for (const [key, list] of choice) {
      const [customerId, date] = key.split('|');
      const d = day(date);
      const c = customerById.get(customerId)!;
      const earlier = byCustomer.get(customerId)!.filter((p) => day(p.purchase_date) < d).length;
      const standing = { riskLevel: c.risk_level === '' ? null : Number(c.risk_level), earlierPurchases: earlier };
      const eligible = products
        .filter((p) => day(p.sale_start) <= d && (p.sale_end === '' || day(p.sale_end) >= d))
        .filter((p) => mayBuy(standing, { riskLevel: Number(p.risk_level), ...audienceFromName(p.name) }))
        .map((p) => p.product_id);
      expect(list.map((r) => r.product_id).sort()).toEqual(eligible.sort());
    }
  });

  it('matches the number of occasions the demand probabilities predict', () => {
    const predicted = demand.reduce((s, r) => s + Number(r.probability), 0);
    const actual = choice.size;
    expect(Math.abs(actual - predicted)).toBeLessThan(4 * Math.sqrt(predicted) + 5);
    const byKey = new Map(demand.map((r) => [`${r.customer_id}|${r.date}`, Number(r.probability)]));
    for (const key of choice.keys()) expect(byKey.get(key)).toBeGreaterThan(0);
  });

  it('is informative: customers buy the products the oracle rates highly', () => {
    let chosen = 0;
    let uniform = 0;
    for (const p of purchases.filter((q) => oracleDay(day(q.purchase_date)))) {
      const list = choice.get(occasionKey(p))!;
      chosen += Number(list.find((r) => r.product_id === p.product_id)!.probability);
      uniform += 1 / list.length;
    }
    expect(chosen).toBeGreaterThan(2 * uniform);
  });

  it('describes the oracle in generator.json and keeps it out of the bank tables', async () => {
    const manifest = JSON.parse(await readFile(join(bank.dir, 'generator.json'), 'utf8'));
    expect(manifest.options).toEqual({ customers: 3000, days: 120, seed: 7, endDate: '2026-06-30', boundDraws: DEFAULT_BOUND_DRAWS });
    expect(manifest.oracle.files['choice.csv'].columns).toEqual([...CHOICE_COLUMNS, ...BOUND_COLUMNS]);
    expect(manifest.oracle.files['choice.csv'].bounds.draws).toBe(DEFAULT_BOUND_DRAWS);
    expect(Object.keys(manifest.oracle.files)).toEqual(['demand.csv', 'choice.csv']);
    expect(manifest.summary.newCustomerPurchaseShare).toBeCloseTo(bank.summary.newCustomerPurchaseShare, 5);
    expect(manifest.summary.seconds).toBeUndefined();
  });

  it('writes both bounds beside the full oracle: each a distribution over the same options, 0 where unaffordable', () => {
    expect(choiceHeader).toEqual([...CHOICE_COLUMNS, ...BOUND_COLUMNS]);
    for (const list of choice.values()) {
      for (const column of BOUND_COLUMNS) {
        const sum = list.reduce((s, r) => s + Number(r[column]), 0);
        expect(Math.abs(sum - 1)).toBeLessThan(1e-6);
        for (const r of list) if (Number(r.probability) === 0) expect(Number(r[column])).toBe(0);
      }
    }
  });

  it('gives a customer with no earlier purchase the no-history bound, and one with earlier purchases their own', () => {
    const byCustomer = groupBy(purchases, (p) => p.customer_id);
    let withHistory = 0;
    let moved = 0;
    let withoutHistory = 0;
    for (const [key, list] of choice) {
      const [customerId, date] = key.split('|');
      const earlier = byCustomer.get(customerId)!.filter((p) => day(p.purchase_date) < day(date)).length;
      const same = list.every((r) => r.bound_history === r.bound_no_history);
      if (earlier === 0) {
        withoutHistory++;
        expect(same, key).toBe(true);
      } else {
        withHistory++;
        if (!same) moved++;
      }
    }
    expect(withoutHistory).toBeGreaterThan(20);
    expect(withHistory).toBeGreaterThan(20);
    expect(moved).toBe(withHistory);
  });

  it('scores the choices made below the full oracle with the no-history bound, since it cannot see the hidden traits', () => {
    const logScore = (column: string) => {
      let total = 0;
      for (const p of purchases.filter((q) => oracleDay(day(q.purchase_date)))) {
        total += Math.log(Number(choice.get(occasionKey(p))!.find((r) => r.product_id === p.product_id)![column]));
      }
      return total;
    };
    expect(logScore('probability')).toBeGreaterThan(logScore('bound_no_history'));
  });
});
