/** The wide table's features, checked by hand on a tiny bank, as one suite every database must pass. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCustomerDayTable, buildWideTable } from '../../features/index.js';
import { readWideTable } from '../../src/wide-table/reader.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDay } from '../../src/domain/dates.js';
import { importBank } from '../../import/index.js';
import { FIXTURES } from '../support/fixtures.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/test-database.js';
import { featureRows, type FeatureRecord } from './feature-rows.js';

/** Every row of a wide-table file keyed by `customer|product`, as plain values (as_of left out). */
async function readRows(path: string): Promise<Map<string, Record<string, unknown>>> {
  const { table } = await readWideTable(path);
  const rows = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < table.numRows; i++) {
    const rec: Record<string, unknown> = {};
    for (const field of table.schema.fields) rec[field.name] = table.getChild(field.name)!.get(i);
    const { customer_id, product_id, as_of: _asOf, ...rest } = rec;
    rows.set(`${customer_id}|${product_id}`, rest);
  }
  return rows;
}

export const FEATURE_BANK = join(FIXTURES, 'feature-bank');
const D = parseDay('2024-06-10')!;

export function defineFeatureSuite(backend: Backend, enabled: () => boolean): void {
  describe.runIf(enabled())(`features on ${backend}`, () => {
    let db: TestDatabase;
    let f1: FeatureRecord[];
    let f2: FeatureRecord[];
    beforeAll(async () => {
      db = await createTestDatabase(backend);
      const imported = await importBank(db.knex, { dir: FEATURE_BANK });
      expect(imported.status).toBe('committed');
      f1 = await featureRows(db.knex, 'F1', D, ['P1']);
      f2 = await featureRows(db.knex, 'F2', D, ['P2']);
    });
    afterAll(async () => {
      await db?.drop();
    });
    const row = (rows: FeatureRecord[], product: string) => rows.find((r) => r.product_id === product)!;

    it('offers only products on sale that the customer may buy, labelled by what was bought that day', () => {
      // F1 (C3, two earlier purchases): P2 is new-customer-only, P4 is R4, P6 is off sale; P5 is loyal-only.
      expect(f1.map((r) => [r.product_id, r.label])).toEqual([
        ['P1', 1],
        ['P3', 0],
        ['P5', 0],
      ]);
      // F2 (risk unknown = C1, no purchase yet): the new-customer product and the R1 cash product.
      expect(f2.map((r) => [r.product_id, r.label])).toEqual([
        ['P2', 1],
        ['P3', 0],
      ]);
    });

    it('computes customer facts as of the day', () => {
      expect(row(f1, 'P1')).toMatchObject({ age_years: 39, tenure_days: 161, gender: 'M', customer_risk: 3, customer_risk_unknown: 0, city: '济南' });
      expect(row(f2, 'P2')).toMatchObject({ age_years: NaN, tenure_days: 4, customer_risk: 1, customer_risk_unknown: 1 });
    });

    it('averages carried-forward deposits over each window, never using the as-of day', () => {
      const r = row(f1, 'P1');
      // 7 days 06-03..06-09: two days at 2000 then five at 3000; the 999,999 row of 06-10 must not count.
      expect(r.demand_avg_7d).toBeCloseTo((2 * 2000 + 5 * 3000) / 7, 2);
      expect(r.time_avg_7d).toBeCloseTo(500, 4);
      expect(r.total_avg_7d).toBeCloseTo((2 * 2000 + 5 * 3000) / 7 + 500, 2);
      // 30 days 05-11..06-09: 21 days at 1000 (carried from 05-01), 4 at 2000, 5 at 3000.
      expect(r.demand_avg_30d).toBeCloseTo((21 * 1000 + 4 * 2000 + 5 * 3000) / 30, 2);
      expect(r.time_avg_30d).toBeCloseTo((9 * 500) / 30, 4);
      // 90 days: the balance is known only from 05-01, 40 days.
      expect(r.known_balance_days_90d).toBe(40);
      expect(r.demand_avg_90d).toBeCloseTo((31 * 1000 + 4 * 2000 + 5 * 3000) / 40, 2);
      expect(r).toMatchObject({ demand_last: 3000, total_last: 3500, days_since_balance_rose: 5 });
      expect(r.demand_change_last_vs_30d).toBeCloseTo(3000 - 44000 / 30, 2);
    });

    it('averages a customer who opened mid-window over the days they existed, across a gap', () => {
      const r = row(f2, 'P2');
      // Opened 06-06: 800 on 06-06 and 06-07 (no row on 06-07: carried), 600 on 06-08 and 06-09.
      expect(r.demand_avg_7d).toBeCloseTo(700, 4);
      expect(r.demand_avg_90d).toBeCloseTo(700, 4);
      expect(r.known_balance_days_90d).toBe(4);
      expect(r.days_since_balance_rose).toBeNaN(); // it only fell
    });

    it('reads loans and salary before the day', () => {
      // Salaries of 03-15, 04-15 and 05-15 fall in the 90 days before; the one of 06-10 does not.
      expect(row(f1, 'P1')).toMatchObject({ loan_balance: 48000, loan_change_30d: -2000, salary_avg_month_3m: 9100, days_since_pay: 26 });
      expect(row(f2, 'P2')).toMatchObject({ loan_balance: 0, salary_avg_month_3m: 0, days_since_pay: NaN });
    });

    it('sums purchase history and holdings without the purchase of the day itself', () => {
      expect(row(f1, 'P1')).toMatchObject({
        never_purchased: 0,
        days_since_last_purchase: 7,
        purchases_count_30d: 1,
        purchases_amount_30d: 1000,
        purchases_count_365d: 2,
        purchases_amount_365d: 2000,
        holdings_value: 1000, // P6 matured on 03-06; P1 bought 06-03 matures 09-02
        holdings_count: 1,
        matured_amount_30d: 0,
        last_category: 'fixed_income',
        last_risk: 2,
        last_term_days: 91,
        last_amount: 1000,
      });
      expect(row(f1, 'P1').last_yield).toBeCloseTo(3.1, 5);
      expect(row(f2, 'P2')).toMatchObject({
        never_purchased: 1,
        days_since_last_purchase: NaN,
        purchases_count_365d: 0,
        last_category: null,
        holdings_value: 0,
      });
    });

    it('counts contacts before the day, reading answers only of contacts whose response window closed', () => {
      // F1: 03-01 (answered 0) and 06-01 (answered 1) are closed; 06-05's window is still open on 06-10; 06-10 is the day itself.
      expect(row(f1, 'P1')).toMatchObject({ contacts_7d: 1, contacts_30d: 2, days_since_contact: 5, contacts_answered_365d: 1, contact_response_rate: 0.5 });
      expect(row(f1, 'P5')).toMatchObject({ contacted_about_product_7d: 1 });
      // The 06-01 message about P1 is 9 days old, and the one of 06-10 is not yet known.
      expect(row(f1, 'P1')).toMatchObject({ contacted_about_product_7d: 0 });
      expect(row(f2, 'P2')).toMatchObject({
        contacts_7d: 0,
        contacts_30d: 0,
        days_since_contact: NaN,
        contacts_answered_365d: 0,
        contact_response_rate: NaN,
        contacted_about_product_7d: 0,
      });
    });

    it('answers a message `campaign sent` recorded from the purchases: the promoted product bought within the window', async () => {
      // Stored unanswered (responded 0, lineage 0). F1 bought P1 on 06-03: the 05-28 message about P1
      // is answered; the 05-29 one about P3 is not; the 06-08 one about P1 has its window open on 06-10.
      const sent = (key: string, product: string, day: string) => ({
        contact_key: key,
        customer_id: 'F1',
        product_id: product,
        contacted_day: parseDay(day)!,
        channel: 'sms',
        responded: 0,
        import_run_id: 0,
      });
      await db.knex('contacts').insert([sent('sent:1:F1', 'P1', '2024-05-28'), sent('sent:2:F1', 'P3', '2024-05-29'), sent('sent:3:F1', 'P1', '2024-06-08')]);
      try {
        const rows = await featureRows(db.knex, 'F1', D, ['P1']);
        // Closed: 03-01 (0), 05-28 (1, from the purchase), 05-29 (0), 06-01 (1).
        expect(row(rows, 'P1')).toMatchObject({ contacts_answered_365d: 2, contact_response_rate: 0.5, contacts_7d: 2 });
        // As of 06-05 the features read the 05-28 message's answer (c + 7 < as-of), not yet the 05-29 one's.
        const early = await featureRows(db.knex, 'F1', parseDay('2024-06-05')!, ['P1']);
        expect(row(early, 'P1')).toMatchObject({ contacts_answered_365d: 1, contact_response_rate: 0.5 });
      } finally {
        await db.knex('contacts').where('import_run_id', 0).delete();
      }
    });

    it('describes the product on the day, with flags only its Chinese name carries', () => {
      // P1 was bought on 06-03 and on 06-10: only the first is in the 7 days before.
      expect(row(f1, 'P1')).toMatchObject({
        product_risk: 2,
        product_term_days: 91,
        days_since_sale_start: 9,
        days_to_sale_end: 21,
        popularity_1d: 0,
        popularity_7d: 1,
        popularity_30d: 1,
        product_series: '稳盈',
        new_customers_only: 0,
      });
      expect(row(f2, 'P2')).toMatchObject({ new_customers_only: 1, loyal_customers_only: 0, product_series: '稳盈', principal_protected: 1 });
      expect(row(f1, 'P5')).toMatchObject({ loyal_customers_only: 1, product_series: '鑫利', days_to_sale_end: 21 });
      expect(row(f1, 'P3')).toMatchObject({ product_term_days: 0, days_to_sale_end: NaN });
    });

    it('relates the customer to the product', () => {
      expect(row(f1, 'P1')).toMatchObject({
        risk_gap: -1,
        same_category_share: 1,
        same_term_bucket_share: 0.5,
        bought_product_before: 1,
        bought_series_before: 1,
        yield_minus_last: 0,
      });
      expect(row(f1, 'P1').min_amount_over_balance).toBeCloseTo(1000 / 3000, 6);
      expect(row(f1, 'P5')).toMatchObject({ bought_product_before: 0, bought_series_before: 0, same_category_share: 1 });
      expect(row(f2, 'P3')).toMatchObject({ same_category_share: NaN, bought_product_before: 0, yield_minus_last: NaN });
      // F1 bought P6 (稳盈, fixed_income, R1, 30 days) then P1 (稳盈, fixed_income, R2, 91 days) before the day.
      expect(row(f1, 'P1')).toMatchObject({ same_series_as_last: 1, same_category_as_last: 1, risk_minus_past_mean: 0.5 });
      expect(row(f1, 'P1').log_term_gap_to_past).toBeCloseTo(((Math.log(98) - Math.log(37)) / 2) ** 2, 6);
      expect(row(f1, 'P5')).toMatchObject({ same_series_as_last: 0, same_category_as_last: 1, risk_minus_past_mean: 0.5 });
      expect(row(f1, 'P5').log_term_gap_to_past).toBeCloseTo((Math.log(372) - (Math.log(37) + Math.log(98)) / 2) ** 2, 5);
      expect(row(f2, 'P3')).toMatchObject({ same_series_as_last: 0, same_category_as_last: 0, risk_minus_past_mean: NaN, log_term_gap_to_past: NaN });
    });

    it('judges the product against the shelf the customer faces', () => {
      // F1's shelf: P1 (91 days, 3.10%), P3 (cash, 1.85%), P5 (365 days, 3.80%): one product per term bucket.
      expect(row(f1, 'P1')).toMatchObject({
        shelf_size: 3,
        yield_minus_bucket_median: 0,
        yield_minus_bucket_best: 0,
        yield_rank_on_shelf: 0.5,
        newest_of_series: 1,
      });
      expect(row(f1, 'P5')).toMatchObject({ yield_rank_on_shelf: 0 });
      expect(row(f1, 'P3')).toMatchObject({ yield_rank_on_shelf: 1 });
      // F2 (new, C1): P2 (63 days, 3.50%) and P3 (cash, 1.85%).
      expect(row(f2, 'P2')).toMatchObject({ shelf_size: 2, yield_minus_bucket_median: 0, yield_rank_on_shelf: 0, newest_of_series: 1 });
      expect(row(f2, 'P3')).toMatchObject({ yield_rank_on_shelf: 1 });
    });

    it('writes samples and a snapshot whose rows agree for the same customer, product and day', async () => {
      const out = mkdtempSync(join(tmpdir(), 'wealthrec-wide-'));
      const samples = await buildWideTable(db.knex, { kind: 'samples', fromDay: D, toDay: D, out: join(out, 's.arrow'), format: 'arrow' });
      expect(samples).toMatchObject({ rows: 5, customers: 2, occasions: 2, positives: 2, boughtButNotEligible: 0 });
      const snapshot = await buildWideTable(db.knex, { kind: 'snapshot', fromDay: D, toDay: D, out: join(out, 'n.arrow'), format: 'arrow' });
      expect(snapshot).toMatchObject({ rows: 5, customers: 2 });
      // A snapshot for a demand model of horizon H fills the horizon family (and records H); otherwise it equals the samples.
      await buildWideTable(db.knex, { kind: 'snapshot', fromDay: D, toDay: D, out: join(out, 'h.arrow'), format: 'arrow', horizonDays: 7 });
      const forHorizon = await readRows(join(out, 'h.arrow'));
      expect((await readWideTable(join(out, 'h.arrow'))).meta.extra).toMatchObject({ horizonDays: 7 });
      expect(forHorizon.get('F1|P1')).toMatchObject({ horizon_days: 7, maturing_amount_horizon: 0, days_to_next_maturity: 84 });
      const trained = await readRows(join(out, 's.arrow'));
      const served = await readRows(join(out, 'n.arrow'));
      expect([...trained.keys()].sort()).toEqual(['F1|P1', 'F1|P3', 'F1|P5', 'F2|P2', 'F2|P3']);
      for (const [key, row] of trained) {
        const { label, ...features } = row;
        expect(label === 0 || label === 1).toBe(true);
        expect(served.get(key), key).toEqual(features);
      }
      // Batches smaller than a day's products on sale (5 here) must still hold every row.
      const tiny = await buildWideTable(db.knex, { kind: 'samples', fromDay: D, toDay: D, out: join(out, 't.arrow'), format: 'arrow', batchRows: 2 });
      expect(tiny.rows).toBe(5);
      expect(await readRows(join(out, 't.arrow'))).toEqual(trained);
      // The 06-03 occasion of F1 alone: its features are those of that day, not of 06-10.
      const early = await buildWideTable(db.knex, {
        kind: 'samples',
        fromDay: parseDay('2024-06-01')!,
        toDay: parseDay('2024-06-09')!,
        out: join(out, 'e.arrow'),
        format: 'arrow',
      });
      expect(early).toMatchObject({ occasions: 1, positives: 1 });
      const earlyRow = (await readRows(join(out, 'e.arrow'))).get('F1|P1')!;
      expect(earlyRow).toMatchObject({ label: 1, days_since_last_purchase: 119, purchases_count_30d: 0, popularity_7d: 0 });
    });

    it('writes a demand table: one row per open customer and day, customer features only, labelled by purchases in the horizon', async () => {
      const out = mkdtempSync(join(tmpdir(), 'wealthrec-demand-'));
      const june4 = parseDay('2024-06-04')!;
      const s = await buildCustomerDayTable(db.knex, { asOfDays: [D, june4], horizonDays: 1, category: null, out: join(out, 'd.arrow'), format: 'arrow' });
      // F2 opened on 06-06: no row as of 06-04.
      expect(s).toMatchObject({ rows: 3, customers: 2, positives: 2 });
      const { table, meta } = await readWideTable(join(out, 'd.arrow'));
      expect(meta).toMatchObject({ kind: 'demand', extra: { horizonDays: 1, category: null } });
      const rows = Array.from({ length: table.numRows }, (_, i) => table.get(i)!.toJSON() as Record<string, unknown>);
      const on = (id: string, day: number) => rows.find((r) => r.customer_id === id && r.as_of === day)!;
      expect(on('F1', D)).toMatchObject({
        product_id: '*',
        label: 1,
        days_since_last_purchase: 7,
        contacts_30d: 2,
        horizon_days: 1,
        days_to_month_end: 1, // 20 days, capped at H
        product_risk: NaN,
        product_category: null,
        risk_gap: NaN,
      });
      // Customer features equal the occasion rows' of the same day.
      for (const name of ['total_avg_30d', 'salary_avg_month_3m', 'holdings_value', 'contact_response_rate'])
        expect(on('F1', D)[name]).toEqual(row(f1, 'P1')[name]);
      expect(on('F2', D)).toMatchObject({ label: 1, never_purchased: 1 });
      // As of 06-04 with one day of horizon, F1 bought nothing on 06-04; with seven days, the 06-10 purchase counts.
      expect(on('F1', june4).label).toBe(0);
      const week = await buildCustomerDayTable(db.knex, { asOfDays: [june4], horizonDays: 7, category: null, out: join(out, 'w.arrow'), format: 'arrow' });
      expect(week).toMatchObject({ rows: 1, positives: 1 });
      // Only cash purchases: F1 bought fixed income.
      const cash = await buildCustomerDayTable(db.knex, { asOfDays: [june4], horizonDays: 7, category: 'cash', out: join(out, 'c.arrow'), format: 'arrow' });
      expect(cash.positives).toBe(0);
      // A horizon past the last purchase day would call the unknown future "did not buy".
      await expect(
        buildCustomerDayTable(db.knex, { asOfDays: [D], horizonDays: 2, category: null, out: join(out, 'x.arrow'), format: 'arrow' }),
      ).rejects.toThrow(/needs purchases until 2024-06-11, but the data ends 2024-06-10/);
      await expect(
        buildCustomerDayTable(db.knex, { asOfDays: [D], horizonDays: 1, category: 'gold', out: join(out, 'x.arrow'), format: 'arrow' }),
      ).rejects.toThrow(/no product has category "gold"/);
    });

    it('computes the horizon features of [d, d + H) from the contracts and payroll known on d', async () => {
      // F1 holds two 91-day P1 products: 1,000 yuan from 06-03 (maturing 09-02, d + 63) and 2,000 from
      // 06-10 (09-09, d + 70); its P6 matured in March. Paid on 03-15, 04-15, 05-15 and 06-10: usually the 15th.
      const july = parseDay('2024-07-01')!;
      const at = async (asOf: number, horizon: number) => (await featureRows(db.knex, 'F1', asOf, null, horizon))[0];
      expect(await at(july, 63)).toMatchObject({
        horizon_days: 63,
        maturing_amount_horizon: 0, // 09-02 is day d + H: outside [d, d + H)
        maturing_count_horizon: 0,
        days_to_next_maturity: 63,
        days_to_expected_pay: 14,
        pay_expected_in_horizon: 1,
        days_to_month_end: 30,
        days_to_quarter_end: 63, // 91, capped at H: outside the window
        quarter_end_in_horizon: 0,
        days_to_national_day: 63, // 92
      });
      expect(await at(july, 213)).toMatchObject({ days_to_national_day: 92, days_to_spring_festival: 212, spring_festival_in_horizon: 1 }); // 2025-01-29
      expect(await at(july, 64)).toMatchObject({ maturing_amount_horizon: 1000, maturing_count_horizon: 1 });
      expect(await at(july, 71)).toMatchObject({ maturing_amount_horizon: 3000, maturing_count_horizon: 2, quarter_end_in_horizon: 0 });
      expect(await at(july, 14)).toMatchObject({ days_to_expected_pay: 14, pay_expected_in_horizon: 0 });
      // Late June: the quarter ends inside a week; the next 15th is in July.
      expect(await at(parseDay('2024-06-25')!, 7)).toMatchObject({
        quarter_end_in_horizon: 1,
        days_to_quarter_end: 5,
        days_to_expected_pay: 20,
        pay_expected_in_horizon: 0,
        days_to_next_maturity: 69,
      });
      // Seven months without a credit: payroll has stopped. The Spring Festival falls inside ten days.
      const festival = await at(parseDay('2025-01-20')!, 10);
      expect(festival).toMatchObject({ pay_expected_in_horizon: 0, spring_festival_in_horizon: 1, days_to_spring_festival: 9 });
      expect(festival.days_to_expected_pay).toBeNaN();
      // Purchase-occasion rows have no horizon: the family is unknown.
      expect(row(f1, 'P1').horizon_days).toBeNaN();
      expect(row(f1, 'P1').maturing_amount_horizon).toBeNaN();
    });

    // Last: it deletes data. Labels come from the purchases of the day itself, so they go; nothing else may move.
    it('gives the same features once every row dated on or after the day is deleted', async () => {
      const k = db.knex;
      await k('deposits').where('day', '>=', D).delete();
      await k('loans').where('day', '>=', D).delete();
      await k('salaries').where('pay_day', '>=', D).delete();
      await k('purchases').where('purchase_day', '>=', D).delete();
      await k('contacts').where('contacted_day', '>=', D).delete();
      const withoutLabel = (rows: FeatureRecord[]) => rows.map(({ label: _label, ...rest }) => rest);
      expect(withoutLabel(await featureRows(k, 'F1', D, []))).toEqual(withoutLabel(f1));
      expect(withoutLabel(await featureRows(k, 'F2', D, []))).toEqual(withoutLabel(f2));
    });
  });
}
