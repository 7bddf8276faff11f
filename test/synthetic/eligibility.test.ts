/** Every synthetic purchase is one the eligibility rule allows, judged from the CSVs alone. */

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { LOYAL_MIN_PURCHASES, DEFAULT_CUSTOMER_RISK } from '../../src/domain/eligibility.js';
import { LOYAL_CUSTOMER_MARKERS, NEW_CUSTOMER_MARKERS, audienceFromName } from '../../synthetic/index.js';
import { day, fen, generateSmall, groupBy, readCsv, type Row, removeBank, type SmallBank } from './helpers.js';

let bank: SmallBank;
let customers: Map<string, Row>;
let products: Map<string, Row>;
let purchases: Row[];

beforeAll(async () => {
  bank = await generateSmall();
  customers = new Map((await readCsv(join(bank.dir, 'customers.csv'))).rows.map((r) => [r.customer_id, r]));
  products = new Map((await readCsv(join(bank.dir, 'products.csv'))).rows.map((r) => [r.product_id, r]));
  purchases = (await readCsv(join(bank.dir, 'purchases.csv'))).rows;
});

afterAll(() => removeBank(bank));

describe('synthetic purchases obey the eligibility rule as a reader of the CSVs sees it', () => {
  it('has enough purchases to mean something', () => {
    expect(purchases.length).toBeGreaterThan(1000);
  });

  it('sells every product only inside its sale window, at or above its minimum, within risk tolerance', () => {
    const problems: string[] = [];
    for (const p of purchases) {
      const product = products.get(p.product_id);
      const customer = customers.get(p.customer_id);
      if (!product || !customer) {
        problems.push(`unknown id in ${JSON.stringify(p)}`);
        continue;
      }
      const d = day(p.purchase_date);
      if (d < day(product.sale_start) || (product.sale_end !== '' && d > day(product.sale_end))) problems.push(`outside sale window: ${JSON.stringify(p)}`);
      if (fen(p.amount) < fen(product.min_amount) || fen(p.amount) <= 0) problems.push(`below min_amount: ${JSON.stringify(p)}`);
      const tolerance = customer.risk_level === '' ? DEFAULT_CUSTOMER_RISK : Number(customer.risk_level);
      if (Number(product.risk_level) > tolerance) problems.push(`too risky: ${JSON.stringify(p)}`);
      if (d < day(customer.open_date)) problems.push(`before account opening: ${JSON.stringify(p)}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('sells new-customer products only to customers with no earlier purchase and loyal ones only to loyal customers', () => {
    const byCustomer = groupBy(purchases, (p) => p.customer_id);
    let newOnly = 0;
    let loyalOnly = 0;
    const problems: string[] = [];
    for (const list of byCustomer.values()) {
      const days = list.map((p) => day(p.purchase_date));
      list.forEach((p, k) => {
        const earlier = days.filter((d) => d < days[k]).length;
        const audience = audienceFromName(products.get(p.product_id)!.name);
        if (audience.newCustomersOnly) {
          newOnly++;
          if (earlier > 0) problems.push(`new-only product bought after ${earlier} purchases: ${JSON.stringify(p)}`);
        }
        if (audience.loyalCustomersOnly) {
          loyalOnly++;
          if (earlier < LOYAL_MIN_PURCHASES) problems.push(`loyal-only product bought after ${earlier} purchases: ${JSON.stringify(p)}`);
        }
      });
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(newOnly).toBeGreaterThan(50);
    expect(loyalOnly).toBeGreaterThan(0);
  });

  it('gets at least a third of its purchases from customers with no earlier purchase, and says so', () => {
    const firsts = new Set(purchases.map((p) => p.customer_id)).size;
    const share = firsts / purchases.length;
    expect(share).toBeGreaterThanOrEqual(1 / 3);
    expect(bank.summary.newCustomerPurchaseShare).toBeCloseTo(share, 9);
  });

  it('marks audiences only in product names, in the proportions of a real shelf', () => {
    const names = [...products.values()].map((p) => p.name);
    const isNew = names.filter((n) => NEW_CUSTOMER_MARKERS.some((m) => n.includes(m))).length;
    const isLoyal = names.filter((n) => LOYAL_CUSTOMER_MARKERS.some((m) => n.includes(m))).length;
    expect(isNew / names.length).toBeGreaterThan(0.08);
    expect(isNew / names.length).toBeLessThan(0.25);
    expect(isLoyal / names.length).toBeGreaterThan(0.04);
    expect(isLoyal / names.length).toBeLessThan(0.18);
    expect(names.some((n) => n.includes('私行尊享'))).toBe(true);
  });
});
