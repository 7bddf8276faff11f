/**
 * Leakage property: change, delete or add any data dated on or after day d (the customer's own rows
 * and everybody's purchases, which feed popularity); every feature and profile tag as of d stays identical,
 * the horizon features of [d, d + H) too: they read only the contracts and calendars known on d.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customersOpenBy, loadHistories } from '../../features/customer-blocks.js';
import { CONTACT_RESPONSE_DAYS } from '../../src/wide-table/feature-set.js';
import { countBefore, historyAsOf, type CustomerHistory } from '../../features/point-in-time.js';
import { computeProfileTags } from '../../features/profile/compute-profile-tags.js';
import { ProductCatalog } from '../../features/product-catalog.js';
import { importBank } from '../../import/index.js';
import { generateBank } from '../../synthetic/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { rowsOfHistory } from './feature-rows.js';

let db: TestDatabase;
let dir: string;
let catalog: ProductCatalog;
let histories: CustomerHistory[];
let lastDay: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wealthrec-leak-'));
  const summary = await generateBank({ customers: 300, days: 120, seed: 11, outDir: dir });
  db = await createTestDatabase('sqlite');
  expect((await importBank(db.knex, { dir })).status).toBe('committed');
  catalog = await ProductCatalog.load(db.knex);
  lastDay = (await db.knex('purchases').max({ d: 'purchase_day' }))[0].d as number;
  histories = await loadHistories(db.knex, await customersOpenBy(db.knex, lastDay), lastDay, catalog);
  expect(summary.rows.purchases).toBeGreaterThan(100);
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Rewrites the entries dated on or after `asOf` of parallel columns: changed values, dropped or extra rows. */
function scramble<T extends Record<string, Int32Array | Float64Array>>(columns: T, asOf: number, seed: number): T {
  const day = columns.day as Int32Array;
  const keep = countBefore(day, asOf);
  const extra = seed % 4; // 0..3 rows after the cut, whatever was there
  const out: Record<string, Int32Array | Float64Array> = {};
  for (const [name, col] of Object.entries(columns)) {
    const next = new (col.constructor as { new (n: number): Int32Array | Float64Array })(keep + extra);
    next.set(col.subarray(0, keep));
    for (let i = 0; i < extra; i++)
      next[keep + i] = name === 'day' ? asOf + i * 3 : name === 'product' ? (seed + i) % catalog.products.length : 1_000_000 * ((seed % 7) + i + 1);
    out[name] = next;
  }
  return out as T;
}

/** A catalog whose popularity counts are rewritten from `asOf` on. */
function scrambleCatalog(asOf: number, seed: number): ProductCatalog {
  return new ProductCatalog(
    catalog.products.map((p, i) => {
      const keep = countBefore(p.purchaseDays, asOf);
      const days = Int32Array.from([...p.purchaseDays.subarray(0, keep), ...(i % 3 === seed % 3 ? [asOf, asOf + 2] : [])]);
      const cumulative = Int32Array.from([...p.cumulativePurchases.subarray(0, keep)]);
      const base = keep > 0 ? cumulative[keep - 1] : 0;
      return {
        ...p,
        purchaseDays: days,
        cumulativePurchases: Int32Array.from([...cumulative, ...(days.length > keep ? [base + 5 + seed, base + 9 + seed] : [])]),
      };
    }),
  );
}

describe('no feature as of d depends on data dated d or later', () => {
  it('holds for random customers, days and rewrites of the future', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: histories.length - 1 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 1000 }),
        // The horizon features read [d, d + H) from contracts and calendars known on d: a purchase or pay day inside the window must not move them.
        fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
        (c, back, seed, horizon) => {
          const asOf = lastDay - back;
          const h = histories[c];
          const changed: CustomerHistory = {
            customer: h.customer,
            deposits: scramble(h.deposits, asOf, seed),
            loans: scramble(h.loans, asOf, seed + 1),
            salaries: scramble(h.salaries, asOf, seed + 2),
            purchases: scramble(h.purchases, asOf, seed + 3),
            contacts: scramble(h.contacts, asOf, seed + 4),
          };
          const scrambled = scrambleCatalog(asOf, seed);
          const rows = rowsOfHistory(h, asOf, catalog, null, horizon);
          expect(rowsOfHistory(changed, asOf, scrambled, null, horizon)).toEqual(rows);
          // Not vacuous: with a horizon the family is computed.
          for (const row of rows) expect(row.horizon_days).toBe(horizon ?? NaN);
          // The profile's every tag, not only those that are features.
          expect(computeProfileTags(historyAsOf(changed, asOf), scrambled)).toEqual(computeProfileTags(historyAsOf(h, asOf), catalog));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads whether a contact was answered only once its response window closed before d', () => {
    const contacted = histories.filter((h) => h.contacts.day.length > 0);
    expect(contacted.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: contacted.length - 1 }), fc.integer({ min: 0, max: 40 }), (c, back) => {
        const h = contacted[c];
        const asOf = h.contacts.day[h.contacts.day.length - 1] + 1 + (back % (CONTACT_RESPONSE_DAYS + 3));
        // The answers of contacts still inside their window are flipped: they are decided on d or later.
        const responded = Int32Array.from(h.contacts.responded, (r, i) => (h.contacts.day[i] + CONTACT_RESPONSE_DAYS >= asOf ? 1 - r : r));
        const changed: CustomerHistory = { ...h, contacts: { ...h.contacts, responded } };
        expect(rowsOfHistory(changed, asOf, catalog)).toEqual(rowsOfHistory(h, asOf, catalog));
      }),
      { numRuns: 100 },
    );
  });
});
