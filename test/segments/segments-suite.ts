/**
 * Segments on the tiny bank, the same suite on every database: the behaviour the cards read,
 * worked out by hand from the fixture's rows; the same seed giving the same file; the file's round
 * trip in both formats; an earlier segmentation against itself (ARI 1); and the profile route and
 * readiness naming the segment and its age.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBehaviourTable } from '../../features/segments/behaviour-table.js';
import { importBank } from '../../import/index.js';
import { keyChecker } from '../../serving/api-keys.js';
import { customerProfile, readiness } from '../../serving/api-schemas.js';
import { createApp } from '../../serving/app.js';
import { CustomerProfiles } from '../../serving/customer-profiles.js';
import { CustomerSegments } from '../../serving/customer-segments.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { parseDay } from '../../src/domain/dates.js';
import { readSegmentation } from '../../src/segments/segmentation-file.js';
import { buildProfiles } from '../../workflows/build-profiles.js';
import { buildSegments } from '../../workflows/segments/build-segments.js';
import { segmentCards } from '../../workflows/segments/segment-cards.js';
import { TINY_BANK } from '../support/fixtures.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/test-database.js';

const KEY = 'segments-key-0123456789abcdef0123456789';
const day = (text: string) => parseDay(text)!;

/** By hand from the fixture: AUM at the end of 2024-06-03 (deposits, time balance empty = 0, plus principal held). */
const AUM_ON_06_04: Record<string, number> = { C001: 30_000 + 20_000, C002: 8_000, C003: 500 };
/** Bought within [2024-06-04, 2024-06-07): only C002 (06-05); C001 bought on 06-03, C003 on 06-07. */
const BOUGHT_06_04_3D: Record<string, number> = { C001: 0, C002: 1, C003: 0 };
/** Contacts of 2024-06-02 (7-day window closed by 06-10): C001 answered, C002 did not, C003 had none. */
const CONTACTS_06_10: Record<string, [closed: number, answered: number]> = { C001: [1, 1], C002: [1, 0], C003: [0, 0] };

export function defineSegmentsSuite(backend: Backend, available: () => boolean): void {
  describe.runIf(available())(`segments on ${backend}`, () => {
    let db: TestDatabase;
    let dir: string;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      dir = mkdtempSync(join(tmpdir(), 'wealthrec-segments-'));
      expect((await importBank(db.knex, { dir: TINY_BANK })).status).toBe('committed');
    }, 60_000);

    afterAll(async () => {
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('reads the behaviour the cards need as the fixture’s rows give it', async () => {
      const t = await buildBehaviourTable(db.knex, { asOf: day('2024-06-04'), horizonDays: 3 });
      expect(t.customerIds).toEqual(['C001', 'C002', 'C003']);
      expect(Array.from(t.aumYuan)).toEqual(t.customerIds.map((id) => AUM_ON_06_04[id]));
      expect(Array.from(t.boughtWithin!)).toEqual(t.customerIds.map((id) => BOUGHT_06_04_3D[id]));
      expect(t.columns.categories.get('pref_term_bucket')).toEqual(['<=3m', null, null]); // P01: 91 days
      expect(t.columns.categories.get('pref_category')).toEqual(['fixed_income', null, null]);
      // A 30-day window from 06-04 passes the data's last purchase (06-07): not yet known.
      expect((await buildBehaviourTable(db.knex, { asOf: day('2024-06-04'), horizonDays: 30 })).boughtWithin).toBeNull();
      const later = await buildBehaviourTable(db.knex, { asOf: day('2024-06-10'), horizonDays: 30 });
      expect(later.customerIds.map((_, i) => [later.contactsClosed[i], later.contactsAnswered[i]])).toEqual(later.customerIds.map((id) => CONTACTS_06_10[id]));
    });

    it('makes each card from its members, recomputed by hand', async () => {
      const t = await buildBehaviourTable(db.knex, { asOf: day('2024-06-04'), horizonDays: 3 });
      // Any grouping: the arithmetic is the cards', the grouping the test's.
      for (const labels of [
        [0, 1, 1],
        [0, 0, 1],
      ]) {
        const cards = segmentCards(t, Int32Array.from(labels), 2);
        for (const g of [0, 1]) {
          const members = t.customerIds.filter((_, i) => labels[i] === g);
          const aums = members.map((id) => AUM_ON_06_04[id]).sort((a, b) => a - b);
          const median = aums.length % 2 ? aums[aums.length >> 1] : (aums[aums.length / 2 - 1] + aums[aums.length / 2]) / 2;
          expect(cards[g]).toMatchObject({
            id: g,
            size: members.length,
            share: members.length / 3,
            medianAumYuan: median,
            purchaseRate: members.reduce((s, id) => s + BOUGHT_06_04_3D[id], 0) / members.length,
            responseRate: null, // no contact window had closed by 06-04
            contacts: 0,
            valueStages: {},
          });
          expect(cards[g].topCategories).toEqual(members.includes('C001') ? [{ value: 'fixed_income', share: 1 / members.length }] : []);
          expect(cards[g].topTerms).toEqual(members.includes('C001') ? [{ value: '<=3m', share: 1 / members.length }] : []);
        }
      }
      const later = await buildBehaviourTable(db.knex, { asOf: day('2024-06-10'), horizonDays: 30 });
      const cards = segmentCards(later, Int32Array.from([0, 0, 1]), 2);
      expect(cards[0]).toMatchObject({ purchaseRate: null, responseRate: 1 / 2, contacts: 2 }); // C001 answered, C002 did not
      expect(cards[1]).toMatchObject({ responseRate: null, contacts: 0 });
      // C001 alone bought: its segment is named by what it bought, set apart from the population's 1/3.
      const alone = segmentCards(t, Int32Array.from([0, 1, 1]), 2)[0];
      expect(alone.name.split('·')).toEqual(expect.arrayContaining(['固收']));
      expect(alone.departures.find((d) => d.feature === 'pref_category')).toMatchObject({ value: 'fixed_income', segment: 1, population: 1 / 3 });
    });

    it('writes the same segmentation for the same seed, and reads it back from Arrow and CSV', async () => {
      const options = { asOf: day('2024-06-04'), k: 2, seed: 5, horizonDays: 3, modelsRoot: null, report: null, historyMonths: 1 } as const;
      const first = await buildSegments(db.knex, { ...options, out: join(dir, 'a.arrow'), format: 'arrow' });
      await buildSegments(db.knex, { ...options, out: join(dir, 'b.arrow'), format: 'arrow' });
      expect(readFileSync(join(dir, 'a.arrow'))).toEqual(readFileSync(join(dir, 'b.arrow')));
      await buildSegments(db.knex, { ...options, out: join(dir, 'a.csv'), format: 'csv' });
      const arrow = await readSegmentation(join(dir, 'a.arrow'));
      const csv = await readSegmentation(join(dir, 'a.csv'));
      expect(arrow.model).toEqual(first.model);
      expect(csv).toEqual(arrow);
      expect(arrow.customerIds).toEqual(['C001', 'C002', 'C003']);
      expect(first.model.cards.map((c) => c.size).reduce((a, b) => a + b)).toBe(3);
      expect(first.model.cards.map((c) => c.size)).toEqual(Array.from({ length: 2 }, (_, g) => arrow.segments.filter((s) => s === g).length));
      expect(first.history).toEqual([{ monthEnd: '2024-05-31', sizes: expect.any(Array) }]);
      expect(first.history[0].sizes.reduce((a: number, b: number) => a + b)).toBe(3); // all three had opened by 2024-06-01 (C003 on 05-20)
      // Against itself: every customer assigned to the earlier centroids lands where the clustering put them.
      const again = await buildSegments(db.knex, { ...options, out: join(dir, 'c.arrow'), format: 'arrow', previous: join(dir, 'a.arrow') });
      expect(again.freshness).toMatchObject({ previousAsOf: '2024-06-04', adjustedRandIndex: 1 });
      expect(again.freshness!.moves.map((m) => m.shareNow)).toEqual(again.freshness!.moves.map((m) => m.shareThen));
    });

    it('names the segment in GET /v1/customers/{id}/profile and its age in /readyz', async () => {
      await buildProfiles(db.knex, { asOf: day('2024-06-04'), out: join(dir, 'profiles.arrow'), format: 'arrow', modelsRoot: null });
      await buildSegments(db.knex, {
        asOf: day('2024-06-04'),
        k: 2,
        seed: 5,
        horizonDays: 3,
        modelsRoot: null,
        report: null,
        historyMonths: 0,
        out: join(dir, 's.arrow'),
        format: 'arrow',
      });
      const segments = await CustomerSegments.load(join(dir, 's.arrow'), () => day('2024-06-14'));
      const { model, customerIds, segments: assigned } = await readSegmentation(join(dir, 's.arrow'));
      const state = { recommender: () => null, notReadyBecause: async () => [], modelInfo: () => null };
      const app = createApp({
        state,
        checkKey: keyChecker(developmentKeys([KEY])),
        profiles: await CustomerProfiles.load(join(dir, 'profiles.arrow')),
        segments,
      });
      for (const [i, id] of customerIds.entries()) {
        const body = customerProfile.parse((await request(app).get(`/v1/customers/${id}/profile`).set('X-API-Key', KEY).expect(200)).body);
        expect(body.segment).toEqual({ id: assigned[i], name: model.cards[assigned[i]].name, asOf: '2024-06-04', ageDays: 10 });
      }
      const ready = readiness.parse((await request(app).get('/readyz').expect(200)).body);
      expect(ready.segments).toEqual({ asOf: '2024-06-04', ageDays: 10, segments: 2 });
      // Without --segments the answer has no segment and readiness says nothing of one.
      const plain = createApp({ state, checkKey: keyChecker(developmentKeys([KEY])), profiles: await CustomerProfiles.load(join(dir, 'profiles.arrow')) });
      expect((await request(plain).get('/v1/customers/C001/profile').set('X-API-Key', KEY).expect(200)).body).not.toHaveProperty('segment');
      expect((await request(plain).get('/readyz').expect(200)).body).not.toHaveProperty('segments');
      // An erased customer's segment is no longer answered.
      segments.forget('C001');
      expect(segments.get('C001')).toBeNull();
    });
  });
}
