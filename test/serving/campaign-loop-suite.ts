/**
 * The campaign loop, run against SQLite and MariaDB alike, on state built by hand (a product,
 * customers, export records and their list files, purchases), but for one real export on a small
 * generated bank.
 *  - a list is recorded as sent once: its sends, a contact per message and one audit record; again
 *    by path or id, nothing more;
 *  - a list without its export record, or whose bytes changed, is refused with nothing written;
 *  - results: buyers per decile and in total against the expected, and the gain curve, on hand-made
 *    purchases worked out below; refused before the window closes and for a list never sent;
 *  - an opt-out recorded after the send (or the list file deleted since) does not change results;
 *  - the frequency cap sees the send, and a real export after it leaves those customers out;
 *  - an erasure deletes the customer's sends;
 *  - the three HTTP routes through createApp.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyChecker } from '../../serving/api-keys.js';
import { apiError, campaignResults as campaignResultsSchema, campaignSent, pastCampaigns } from '../../serving/api-schemas.js';
import { createApp } from '../../serving/app.js';
import { loadExclusions } from '../../serving/campaign/campaign-exclusions.js';
import { loadCampaignModels } from '../../serving/campaign/campaign-models.js';
import { CAMPAIGN_HEADER } from '../../serving/campaign/campaign-list.js';
import { createCampaignLoop } from '../../serving/campaign/campaign-loop.js';
import { campaignResults } from '../../serving/campaign/campaign-results.js';
import { SENT_AUDIT_ACTION } from '../../serving/campaign/campaign-sent-record.js';
import { AUDIT_ACTION, exportCampaign, type CampaignExport } from '../../serving/campaign/export-campaign.js';
import { listPastCampaigns } from '../../serving/campaign/past-campaigns.js';
import { pseudonymiseLists } from '../../serving/campaign/pseudonymise-lists.js';
import { recordCampaignSent } from '../../serving/campaign/record-campaign-sent.js';
import { developmentKeys } from '../../serving/development-api-keys.js';
import { CampaignListUnavailableError, CampaignNotSentError, CampaignWindowOpenError, UnknownCampaignError } from '../../serving/errors.js';
import { eraseCustomer } from '../../src/bank/erase-customer.js';
import { formatDay, parseDay } from '../../src/domain/dates.js';
import { UsageError } from '../../src/errors.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../support/test-database.js';
import { oneCustomerState } from './one-customer-state.js';
import { addDemandChampion, prepareServedBank } from './served-bank.js';

const KEY = 'campaign-loop-key-0123456789abcdef012345';
const ASOF = parseDay('2025-03-03')!;
/** The day the lists are sent; the 7-day window is SENT .. SENT + 6, its results readable from SENT + 7. */
const SENT = ASOF + 1;
const CLOSED = SENT + 7;
const RUN = 1;

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);

export function defineCampaignLoopSuite(backend: Backend, available: () => boolean): void {
  describe.runIf(available())(`the campaign loop on ${backend}`, () => {
    let db: TestDatabase;
    let knex: Knex;
    let dir: string;
    let listNumber = 0;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      knex = db.knex;
      dir = mkdtempSync(join(tmpdir(), 'wealthrec-campaign-loop-'));
      const product = (id: string) => ({
        product_id: id,
        name: `Steady ${id}`,
        category: 'fixed',
        risk_level: 2,
        expected_yield: 2.5,
        term_days: 90,
        principal_protected: 1,
        min_amount_fen: 100_000,
        sale_start_day: ASOF - 30,
        sale_end_day: null,
        import_run_id: RUN,
      });
      await knex('products').insert([product('P1'), product('P2')]);
      const customers = ['R', 'S', 'F', 'E', 'H', 'L'].flatMap((p) => ids(p, 20));
      await knex('customers').insert(customers.map((id) => ({ customer_id: id, open_day: ASOF - 400, risk_level: 3, import_run_id: RUN })));
    });

    afterAll(async () => {
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** Writes a list file as the export does and, unless told not to, its export record; scores best first. */
    async function exportList(rows: Array<[string, number]>, options: { productId?: string; horizonDays?: number | null; record?: boolean } = {}) {
      const productId = options.productId ?? 'P1';
      const path = join(dir, `list-${++listNumber}.csv`);
      const text = CAMPAIGN_HEADER + rows.map(([id, score], k) => `${id},${k + 1},${score.toFixed(6)},${Math.floor((10 * k) / rows.length) + 1}\n`).join('');
      writeFileSync(path, text);
      const sha256 = createHash('sha256').update(text).digest('hex');
      if (options.record === false) return { auditId: 0, path };
      const [id] = await knex('audit_log').insert({
        at: new Date().toISOString(),
        action: AUDIT_ACTION,
        subject: productId,
        details: JSON.stringify({
          request: { productId, channel: 'sms', top: rows.length, capDays: 7 },
          selection: `top ${rows.length}`,
          file: basename(path),
          sha256,
          rows: rows.length,
          expectedBuyers: Math.round(rows.reduce((s, [, p]) => s + p, 0) * 100) / 100,
          asOf: formatDay(ASOF),
          ...(options.horizonDays === null ? {} : { horizonDays: options.horizonDays ?? 7 }),
          requestedBy: 'test',
        }),
      });
      return { auditId: Number(id), path };
    }

    const counts = async () => ({
      sends: Number((await knex('campaign_sends').count({ n: '*' }))[0].n),
      contacts: Number((await knex('contacts').count({ n: '*' }))[0].n),
      audit: Number((await knex('audit_log').count({ n: '*' }))[0].n),
    });

    let purchases = 0;
    const buy = (customerId: string, day: number, productId = 'P1') =>
      knex('purchases').insert({
        purchase_key: `test:${++purchases}`,
        customer_id: customerId,
        product_id: productId,
        purchase_day: day,
        amount_fen: 1_000_000,
        import_run_id: RUN,
      });

    it('records a list as sent once: a send and a contact per message, one audit record without customer ids; again by path or id, nothing', async () => {
      const rows: Array<[string, number]> = ids('S', 5).map((id, i) => [id, 0.5 - i / 10]);
      const { auditId, path } = await exportList(rows);
      const before = await counts();

      const first = await recordCampaignSent(knex, path, { day: SENT, requestedBy: 'test', today: CLOSED });
      expect(first).toEqual({ auditId, recorded: 5, alreadyRecorded: false, day: formatDay(SENT), skipped: 0 });
      const sends = await knex('campaign_sends').where('audit_id', auditId).orderBy('list_rank');
      expect(sends.map((s) => [s.customer_id, s.product_id, s.channel, s.sent_day, s.list_rank, s.score_millionths, s.decile])).toEqual([
        ['S01', 'P1', 'sms', SENT, 1, 500_000, 1],
        ['S02', 'P1', 'sms', SENT, 2, 400_000, 3],
        ['S03', 'P1', 'sms', SENT, 3, 300_000, 5],
        ['S04', 'P1', 'sms', SENT, 4, 200_000, 7],
        ['S05', 'P1', 'sms', SENT, 5, 100_000, 9],
      ]);
      const contacts = await knex('contacts').where('contact_key', 'like', `sent:${auditId}:%`).orderBy('contact_key');
      expect(contacts.map((c) => [c.contact_key, c.customer_id, c.product_id, c.contacted_day, c.channel, c.responded, c.import_run_id])).toEqual(
        ids('S', 5).map((id) => [`sent:${auditId}:${id}`, id, 'P1', SENT, 'sms', 0, 0]),
      );
      const audits = await knex('audit_log').where('action', SENT_AUDIT_ACTION);
      expect(audits).toHaveLength(1);
      expect(audits[0].subject).toBe(String(auditId));
      expect(JSON.parse(audits[0].details)).toMatchObject({ auditId, day: formatDay(SENT), messages: 5, skipped: 0, requestedBy: 'test' });
      expect(audits[0].details).not.toMatch(/S0\d/);
      expect(await counts()).toEqual({ sends: before.sends + 5, contacts: before.contacts + 5, audit: before.audit + 1 });

      // Again, by path and by id, on another day: the first send stands, nothing is added.
      const again = { auditId, recorded: 0, alreadyRecorded: true, day: formatDay(SENT), skipped: 0 };
      expect(await recordCampaignSent(knex, path, { day: SENT + 2, requestedBy: 'test', today: CLOSED })).toEqual(again);
      expect(await recordCampaignSent(knex, auditId, { requestedBy: 'test', today: CLOSED, listsDirs: [dir] })).toEqual(again);
      // Two at once: one records, the other finds it recorded.
      const other = await exportList(
        ids('S', 10)
          .slice(5)
          .map((id) => [id, 0.2]),
      );
      const racing = await Promise.all([
        recordCampaignSent(knex, other.path, { day: SENT, requestedBy: 'a', today: CLOSED }),
        recordCampaignSent(knex, other.auditId, { day: SENT, requestedBy: 'b', today: CLOSED, listsDirs: [dir] }),
      ]);
      expect(racing.map((r) => r.recorded).sort()).toEqual([0, 5]);
      expect(await counts()).toEqual({ sends: before.sends + 10, contacts: before.contacts + 10, audit: before.audit + 3 });
    });

    it('refuses a list without its export record, one changed since, an unknown id, a missing file and an impossible day, writing nothing', async () => {
      const before = await counts();
      const unrecorded = await exportList([['S11', 0.3]], { record: false });
      await expect(recordCampaignSent(knex, unrecorded.path, { day: SENT, requestedBy: 'test', today: CLOSED })).rejects.toThrow(
        new CampaignListUnavailableError(
          `${unrecorded.path} has no export record (no campaign.export audit record with its sha256 ${createHash('sha256').update(readFileSync(unrecorded.path)).digest('hex')}): a list is recorded as sent only when its export was recorded`,
        ),
      );
      const changed = await exportList([
        ['S12', 0.3],
        ['S13', 0.2],
      ]);
      writeFileSync(changed.path, `${CAMPAIGN_HEADER}S12,1,0.300000,1\n`); // a row removed by hand
      const afterRecords = await counts();
      await expect(recordCampaignSent(knex, changed.path, { day: SENT, requestedBy: 'test', today: CLOSED })).rejects.toThrow(
        /is not the list its export recorded: audit record \d+ hashed other bytes/,
      );
      await expect(recordCampaignSent(knex, changed.auditId, { day: SENT, requestedBy: 'test', today: CLOSED, listsDirs: [dir] })).rejects.toThrow(
        /was changed after the export/,
      );
      await expect(recordCampaignSent(knex, 999_999, { requestedBy: 'test', today: CLOSED })).rejects.toBeInstanceOf(UnknownCampaignError);
      const kept = await exportList([['S14', 0.3]]);
      await expect(
        recordCampaignSent(knex, kept.auditId, { day: SENT, requestedBy: 'test', today: CLOSED, listsDirs: [join(dir, 'elsewhere')] }),
      ).rejects.toThrow(/is not in .*elsewhere: it may have been deleted after the retention period; give its path instead/);
      await expect(recordCampaignSent(knex, kept.path, { day: ASOF - 1, requestedBy: 'test', today: CLOSED })).rejects.toThrow(
        new UsageError(`list ${kept.auditId} is as of ${formatDay(ASOF)}: it cannot have been sent on ${formatDay(ASOF - 1)}`),
      );
      await expect(recordCampaignSent(knex, kept.path, { day: CLOSED + 1, requestedBy: 'test', today: CLOSED })).rejects.toThrow(
        /is after today .*: a send is recorded once it has happened/,
      );
      await expect(recordCampaignSent(knex, kept.path, { requestedBy: 'test', today: ASOF - 2 })).rejects.toThrow(/\(today\): give the day it was sent/);
      const after = await counts();
      expect(after.sends).toBe(before.sends);
      expect(after.contacts).toBe(before.contacts);
      expect(after.audit).toBe(afterRecords.audit + 1); // the one export record written since; no send record
    });

    it('measures results once the window closes: buyers per decile and in total against the expected, and the gain curve', async () => {
      // 20 messages, two per decile; the scores sum to 4.3.
      const scores = [0.9, 0.8, 0.5, 0.4, 0.3, 0.3, 0.2, 0.2, 0.1, 0.1, ...Array(10).fill(0.05)];
      const customers = ids('R', 20);
      const { auditId } = await exportList(customers.map((id, k) => [id, scores[k]]));
      await buy('R01', SENT); // bought on the day sent: counted
      await buy('R01', SENT + 3); // twice: one buyer
      await buy('R02', SENT - 1); // before the send: not counted
      await buy('R03', SENT + 6); // the window's last day: counted
      await buy('R04', SENT + 7); // the day after: not counted
      await buy('R05', SENT + 1, 'P2'); // another product: not counted
      await buy('R07', SENT + 2); // counted
      await buy('R20', SENT + 4); // counted
      await buy('S01', SENT + 1); // not on this list: not counted

      await expect(campaignResults(knex, auditId, { today: CLOSED })).rejects.toThrow(
        new CampaignNotSentError(`list ${auditId} was never recorded as sent (wealthrec campaign sent ${auditId}): it has no results to measure`),
      );
      await recordCampaignSent(knex, auditId, { day: SENT, requestedBy: 'test', today: SENT, listsDirs: [dir] });
      await expect(campaignResults(knex, auditId, { today: CLOSED - 1 })).rejects.toThrow(
        new CampaignWindowOpenError(
          `the 7-day window of list ${auditId} runs from ${formatDay(SENT)} to ${formatDay(SENT + 6)}: its results can be read from ${formatDay(CLOSED)}`,
        ),
      );
      await expect(campaignResults(knex, 999_999, { today: CLOSED })).rejects.toBeInstanceOf(UnknownCampaignError);
      await expect(campaignResults(knex, auditId, { today: CLOSED, windowDays: 0 })).rejects.toBeInstanceOf(UsageError);

      const results = await campaignResults(knex, auditId, { today: CLOSED });
      const d = (decile: number, buyers: number, expectedBuyers: number) => ({ decile, messages: 2, buyers, expectedBuyers, ratio: buyers / expectedBuyers });
      expect(results).toEqual({
        auditId,
        productId: 'P1',
        channel: 'sms',
        asOf: formatDay(ASOF),
        sentDay: formatDay(SENT),
        windowDays: 7,
        windowFrom: formatDay(SENT),
        windowTo: formatDay(SENT + 6),
        total: { messages: 20, buyers: 4, expectedBuyers: 4.3, ratio: 4 / 4.3 },
        deciles: [d(1, 1, 1.7), d(2, 1, 0.9), d(3, 0, 0.6), d(4, 1, 0.4), d(5, 0, 0.2), d(6, 0, 0.1), d(7, 0, 0.1), d(8, 0, 0.1), d(9, 0, 0.1), d(10, 1, 0.1)],
        // Buyers at ranks 1, 3, 7 and 20: the first 5% of the list holds one of four buyers, the first 15% two...
        gainCurve: [1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4].map((buyers, k) => ({
          listShare: (k + 1) / 20,
          messages: k + 1,
          buyers,
          buyersShare: buyers / 4,
        })),
      });

      // A longer window takes R04's purchase on SENT + 7; it closes a day later.
      await expect(campaignResults(knex, auditId, { today: CLOSED, windowDays: 8 })).rejects.toBeInstanceOf(CampaignWindowOpenError);
      const longer = await campaignResults(knex, auditId, { today: CLOSED + 1, windowDays: 8 });
      expect(longer.total.buyers).toBe(5);
      expect(longer.deciles[1]).toEqual(d(2, 2, 0.9));

      // An opt-out recorded after the send, and the list file deleted by the retention sweep: the results stand.
      await knex('opt_outs').insert([
        { customer_id: 'R01', channel: 'all', opted_out_day: SENT + 2, import_run_id: RUN },
        { customer_id: 'R09', channel: 'sms', opted_out_day: SENT + 2, import_run_id: RUN },
      ]);
      rmSync(join(dir, (await knex('audit_log').where('id', auditId).first()).details.match(/"file":"([^"]+)"/)[1]));
      expect(await campaignResults(knex, auditId, { today: CLOSED + 30 })).toEqual(results);
    });

    it('lists every export newest first, with its send and its results once closed', async () => {
      const unsent = await exportList([['L01', 0.5]]);
      const sent = await exportList(
        [
          ['L02', 0.5],
          ['L03', 0.25],
        ],
        { horizonDays: null },
      );
      await recordCampaignSent(knex, sent.path, { day: SENT, requestedBy: 'test', today: SENT });
      await buy('L03', SENT + 1);
      const open = await listPastCampaigns(knex, { today: CLOSED - 1 });
      expect(open.map((l) => l.auditId)).toEqual([...open.map((l) => l.auditId)].sort((a, b) => b - a));
      expect(open[0]).toMatchObject({
        auditId: sent.auditId,
        productId: 'P1',
        channel: 'sms',
        asOf: formatDay(ASOF),
        rows: 2,
        expectedBuyers: 0.75,
        file: basename(sent.path),
      });
      // No horizon in the record: the default 7-day window.
      expect(open[0].sent).toEqual({ day: formatDay(SENT), messages: 2 });
      expect(open[0].results).toEqual({ closed: false, closesOn: formatDay(CLOSED), windowDays: 7, expectedBuyers: 0.75 });
      expect(open[1]).toMatchObject({ auditId: unsent.auditId, sent: null, results: null });
      const closed = await listPastCampaigns(knex, { today: CLOSED });
      expect(closed[0].results).toEqual({ closed: true, closesOn: formatDay(CLOSED), windowDays: 7, buyers: 1, expectedBuyers: 0.75 });
      expect((await listPastCampaigns(knex, { today: CLOSED, windowDays: 1 }))[0].results).toEqual({
        closed: true,
        closesOn: formatDay(SENT + 1),
        windowDays: 1,
        buyers: 0,
        expectedBuyers: 0.75,
      });
    });

    it('the frequency cap sees a send: the next export leaves its customers out as contacted recently', async () => {
      const customers = ids('F', 4);
      const { path } = await exportList(customers.map((id) => [id, 0.4]));
      const capDays = 7;
      const before = await loadExclusions(knex, 'wechat', SENT + 3, capDays);
      for (const id of customers) expect(before.recentlyContacted.has(id)).toBe(false);
      await recordCampaignSent(knex, path, { day: SENT, requestedBy: 'test', today: SENT });
      // Any channel counts for the cap; the customers are not opted out.
      const after = await loadExclusions(knex, 'wechat', SENT + 3, capDays);
      for (const id of customers) {
        expect(after.recentlyContacted.has(id)).toBe(true);
        expect(after.optedOut.has(id)).toBe(false);
      }
      expect(after.recentlyContacted.has('F05')).toBe(false);
      // Once the cap has passed, they may be contacted again.
      const later = await loadExclusions(knex, 'wechat', SENT + capDays + 1, capDays);
      for (const id of customers) expect(later.recentlyContacted.has(id)).toBe(false);
    });

    it('a real export after a recorded send leaves the list’s customers out, counted as contacted recently', async () => {
      const other = await createTestDatabase(backend);
      const bank = await prepareServedBank({ customers: 300, days: 100, seed: 5, dbUrl: other.url });
      const models = await (async () => {
        await addDemandChampion(bank);
        return loadCampaignModels(bank.models);
      })();
      try {
        const exportOf = (productId: string, top: number, out: string) =>
          exportCampaign(
            other.knex,
            { productId, channel: 'sms', top, capDays: 7 },
            { snapshot: bank.snapshot, out: join(bank.dir, out), models, requestedBy: 'test', today: bank.asOf },
          );
        const onSale = await other
          .knex('products')
          .where('sale_start_day', '<=', bank.asOf)
          .andWhere((q) => q.whereNull('sale_end_day').orWhere('sale_end_day', '>=', bank.asOf))
          .orderBy('product_id')
          .pluck('product_id');
        let first: CampaignExport | null = null;
        for (const productId of onSale) {
          first = await exportOf(productId, 20, `first-${productId}.csv`);
          if (first.rows === 20) break;
        }
        expect(first?.rows).toBe(20);
        const listed = readFileSync(first!.file, 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => line.split(',')[0]);
        expect(await recordCampaignSent(other.knex, first!.file, { requestedBy: 'test', today: bank.asOf })).toMatchObject({
          recorded: 20,
          alreadyRecorded: false,
        });

        const productId = JSON.parse((await other.knex('audit_log').where('id', first!.auditId).first()).details).request.productId;
        // The same request again, for every candidate: the 20 sent are now left out by the cap, and only they.
        const second = await exportOf(productId, 100_000, 'second.csv');
        expect(second.excluded).toEqual({ ...first!.excluded, contactedRecently: first!.excluded.contactedRecently + 20 });
        expect(second.candidates).toBe(first!.candidates - 20);
        const again = new Set(
          readFileSync(second.file, 'utf8')
            .trim()
            .split('\n')
            .slice(1)
            .map((line) => line.split(',')[0]),
        );
        for (const id of listed) expect(again.has(id)).toBe(false);
      } finally {
        models.choice.scoring.dispose();
        models.demand.scoring.dispose();
        await other.drop();
        rmSync(bank.dir, { recursive: true, force: true });
      }
    }, 240_000);

    it('an erasure deletes the customer’s sends; a list pseudonymised by it is still recorded, without them', async () => {
      const sentList = await exportList(ids('E', 3).map((id) => [id, 0.3]));
      await recordCampaignSent(knex, sentList.path, { day: SENT, requestedBy: 'test', today: SENT });
      const unsentList = await exportList(ids('E', 5).map((id) => [id, 0.3]));
      const erasure = await eraseCustomer(knex, 'E02', 'test');
      expect(erasure.rowsDeleted.campaign_sends).toBe(1);
      expect(erasure.rowsDeleted.contacts).toBe(1);
      expect(await knex('campaign_sends').where('customer_id', 'E02')).toEqual([]);
      expect((await campaignResults(knex, sentList.auditId, { today: CLOSED })).total.messages).toBe(2);

      // The kept lists now name the pseudonym; the rewritten bytes lead back to their export record.
      expect(await pseudonymiseLists(knex, 'E02', erasure.subject, [dir])).toBe(2);
      const recorded = await recordCampaignSent(knex, unsentList.path, { day: SENT, requestedBy: 'test', today: SENT });
      expect(recorded).toMatchObject({ auditId: unsentList.auditId, recorded: 4, skipped: 1 });
      expect(await knex('campaign_sends').whereIn('customer_id', ['E02', erasure.subject])).toEqual([]);
      expect(await knex('contacts').whereIn('customer_id', ['E02', erasure.subject])).toEqual([]);
    });

    it('answers the three routes: record a send (twice), list the exports, results once the window closes', async () => {
      let today = SENT;
      const app = createApp({
        state: oneCustomerState(),
        checkKey: keyChecker(developmentKeys([KEY])),
        campaignLoop: createCampaignLoop({ knex, exportsDir: dir, today: () => today }),
      });
      const customers = ids('H', 10);
      const { auditId } = await exportList(customers.map((id, k) => [id, 0.5 - k / 40]));
      await buy('H02', SENT + 1);
      const post = (path: string, body?: object) => request(app).post(path).set('X-API-Key', KEY).send(body);
      const get = (path: string) => request(app).get(path).set('X-API-Key', KEY);
      const expectError = (res: request.Response, status: number, code: string) => {
        expect(res.status).toBe(status);
        expect(apiError.parse(res.body).error.code).toBe(code);
      };

      expectError(await get(`/v1/campaigns/${auditId}/results`), 409, 'campaign_not_sent');
      expectError(await post(`/v1/campaigns/${auditId}:sent`, { day: '2025-02-30' }), 400, 'invalid_request');
      expectError(await post(`/v1/campaigns/${auditId}:sent`, { day: formatDay(SENT), extra: 1 }), 400, 'invalid_request');
      expectError(await post('/v1/campaigns/x12:sent', {}), 400, 'invalid_request');
      expectError(await post('/v1/campaigns/999999:sent', {}), 404, 'unknown_campaign');

      const first = await post(`/v1/campaigns/${auditId}:sent`); // no body: today
      expect(first.status).toBe(200);
      expect(campaignSent.strict().parse(first.body)).toEqual({ auditId, recorded: 10, alreadyRecorded: false, day: formatDay(SENT) });
      const second = await post(`/v1/campaigns/${auditId}:sent`, { day: formatDay(SENT + 1) });
      expect(second.body).toEqual({ auditId, recorded: 0, alreadyRecorded: true, day: formatDay(SENT) });

      const listed = await get('/v1/campaigns');
      expect(listed.status).toBe(200);
      const lists = pastCampaigns.parse(listed.body).lists;
      expect(lists[0]).toMatchObject({
        auditId,
        rows: 10,
        sent: { day: formatDay(SENT), messages: 10 },
        results: { closed: false, closesOn: formatDay(CLOSED) },
      });
      expect(listed.body).toEqual(JSON.parse(JSON.stringify({ lists: await listPastCampaigns(knex, { today: SENT }) })));

      const open = await get(`/v1/campaigns/${auditId}/results`);
      expectError(open, 409, 'campaign_window_open');
      expect(open.body.error.message).toContain(`its results can be read from ${formatDay(CLOSED)}`);
      expectError(await get(`/v1/campaigns/${auditId}/results?window=0`), 400, 'invalid_request');
      expectError(await get(`/v1/campaigns/${auditId}/results?window=7&n=1`), 400, 'invalid_request');
      expectError(await get('/v1/campaigns/999999/results'), 404, 'unknown_campaign');

      today = CLOSED;
      const closed = await get(`/v1/campaigns/${auditId}/results`);
      expect(closed.status).toBe(200);
      expect(campaignResultsSchema.parse(closed.body)).toEqual(await campaignResults(knex, auditId, { today: CLOSED }));
      expect(closed.body.total).toMatchObject({ messages: 10, buyers: 1 });
      expect((await get(`/v1/campaigns/${auditId}/results?window=1`)).body.total.buyers).toBe(0);
      expect(JSON.stringify(lists)).not.toMatch(/H0\d|H10/);
    });
  });
}
