/**
 * Export retention on SQLite and MariaDB: lists older than the retention period are deleted, each
 * with an audit record naming the export's; younger ones, files being written and files no export
 * recorded stay; a file that cannot be deleted leaves no record. The clock is the test's.
 */
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUDIT_ACTION } from '../../serving/campaign/export-campaign.js';
import { DELETION_AUDIT_ACTION, deleteExpiredExports, keepExportsFor } from '../../serving/campaign/export-retention.js';
import { createTestDatabase, mysqlAvailable, type Backend, type TestDatabase } from '../support/test-database.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-07-01T12:00:00Z');
const mariadb = await mysqlAvailable();

describe.each([
  ['sqlite', true],
  ['mariadb', mariadb],
] as Array<[Backend, boolean]>)('export retention on %s', (backend, available) => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    if (available) db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A list as the export leaves it: the file, dated `ageDays` before NOW, and its audit record. */
  async function exported(file: string, ageDays: number, recorded = true): Promise<number | null> {
    const path = join(dir, file);
    writeFileSync(path, 'customer_id,rank,score,decile\nC1,1,0.500000,1\n');
    utimesSync(path, new Date(NOW - ageDays * DAY), new Date(NOW - ageDays * DAY));
    if (!recorded) return null;
    const [id] = await db.knex('audit_log').insert({
      at: new Date(NOW - ageDays * DAY).toISOString(),
      action: AUDIT_ACTION,
      subject: 'P1',
      details: JSON.stringify({ request: { productId: 'P1' }, file, sha256: 'ab'.repeat(32), rows: 1, requestedBy: 'api:crm-team' }),
    });
    return Number(id);
  }
  const deletions = async () => db.knex('audit_log').where('action', DELETION_AUDIT_ACTION).orderBy('id');

  it.runIf(available)('deletes the lists older than the retention period, each with an audit record, and nothing else', async () => {
    dir = mkdtempSync(join(tmpdir(), `wealthrec-retention-${backend}-`));
    const old = await exported('P1-sms-2026-05-01T10-00-00-000Z-api_crm-team.csv', 61);
    const justOld = await exported('P1_x-sms-2026-05-31T10-00-00-000Z-api_crm-team.csv', 30.01);
    await exported('P1-sms-2026-06-02T10-00-00-000Z-api_crm-team.csv', 29.9); // within the period
    await exported('notes-from-2025.csv', 400, false); // no export record: not ours
    writeFileSync(join(dir, 'P1-sms-2026-01-01T10-00-00-000Z-api_x.csv.partial'), 'being written'); // never a finished list
    utimesSync(join(dir, 'P1-sms-2026-01-01T10-00-00-000Z-api_x.csv.partial'), new Date(NOW - 90 * DAY), new Date(NOW - 90 * DAY));

    expect(await deleteExpiredExports({ knex: db.knex, exportsDir: dir, retentionDays: 30, now: () => NOW - 40 * DAY })).toEqual([]);
    const deleted = await deleteExpiredExports({ knex: db.knex, exportsDir: dir, retentionDays: 30, now: () => NOW });
    expect(deleted.map((d) => [d.file, d.exportAuditId])).toEqual([
      ['P1-sms-2026-05-01T10-00-00-000Z-api_crm-team.csv', old],
      ['P1_x-sms-2026-05-31T10-00-00-000Z-api_crm-team.csv', justOld],
    ]);
    expect(readdirSync(dir).sort()).toEqual([
      'P1-sms-2026-01-01T10-00-00-000Z-api_x.csv.partial',
      'P1-sms-2026-06-02T10-00-00-000Z-api_crm-team.csv',
      'notes-from-2025.csv',
    ]);
    const records = await deletions();
    expect(records.map((r) => Number(r.id))).toEqual(deleted.map((d) => d.auditId));
    expect(records[0]).toMatchObject({ at: new Date(NOW).toISOString(), subject: 'P1' });
    expect(JSON.parse(records[0].details)).toEqual({
      file: 'P1-sms-2026-05-01T10-00-00-000Z-api_crm-team.csv',
      exportAuditId: old,
      sha256: 'ab'.repeat(32),
      writtenAt: new Date(NOW - 61 * DAY).toISOString(),
      retentionDays: 30,
    });
    // A second sweep finds nothing more to do.
    expect(await deleteExpiredExports({ knex: db.knex, exportsDir: dir, retentionDays: 30, now: () => NOW })).toEqual([]);
    expect(await deletions()).toHaveLength(2);
  });

  it.runIf(available)('leaves no record for a list it cannot delete (another server deleted it first), and deletes the others', async () => {
    dir = mkdtempSync(join(tmpdir(), `wealthrec-retention-${backend}-`));
    await exported('P2-sms-2026-04-01T10-00-00-000Z-api_a.csv', 90);
    await exported('P2-sms-2026-04-02T10-00-00-000Z-api_a.csv', 90);
    const raced = join(dir, 'P2-sms-2026-04-02T10-00-00-000Z-api_a.csv');
    // The other server's deletion lands between this one's audit insert and its rm.
    const race = (q: { sql: string; bindings?: unknown[] }) => {
      if (/insert/i.test(q.sql) && q.bindings?.some((b) => typeof b === 'string' && b.includes('2026-04-02T10-00-00-000Z'))) rmSync(raced, { force: true });
    };
    db.knex.on('query', race);
    const before = (await deletions()).length;
    try {
      const deleted = await deleteExpiredExports({ knex: db.knex, exportsDir: dir, retentionDays: 7, now: () => NOW });
      expect(deleted.map((d) => d.file)).toEqual(['P2-sms-2026-04-01T10-00-00-000Z-api_a.csv']);
    } finally {
      db.knex.off('query', race);
    }
    const records = await deletions();
    expect(records).toHaveLength(before + 1);
    expect(JSON.parse(records.at(-1).details).file).toBe('P2-sms-2026-04-01T10-00-00-000Z-api_a.csv');
    expect(readdirSync(dir)).toEqual([]);
  });

  it.runIf(available)('sweeps at once when started, then on demand', async () => {
    dir = mkdtempSync(join(tmpdir(), `wealthrec-retention-${backend}-`));
    await exported('P3-sms-2026-03-01T10-00-00-000Z-api_a.csv', 120);
    const seen: string[] = [];
    const retention = keepExportsFor({ knex: db.knex, exportsDir: dir, retentionDays: 30, now: () => NOW, onDeleted: (d) => seen.push(d.file) });
    try {
      await vi.waitFor(() => expect(seen).toEqual(['P3-sms-2026-03-01T10-00-00-000Z-api_a.csv']), { timeout: 5000 });
      await exported('P3-sms-2026-03-02T10-00-00-000Z-api_a.csv', 119);
      expect((await retention.sweep()).map((d) => d.file)).toEqual(['P3-sms-2026-03-02T10-00-00-000Z-api_a.csv']);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      retention.stop();
    }
  });
});
