/**
 * The published contract passes Redocly's recommended rules (`redocly.yaml`, what `npm run
 * lint:openapi` runs on the built code's document): no error, and no warning but the ones
 * `.redocly.lint-ignore.yaml` lists with their reason. The linter runs offline; a document that
 * breaks the rules fails it, so the check is not a formality.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../serving/app.js';
import { openApiDocument } from '../../serving/openapi.js';
import { oneCustomerState } from './one-customer-state.js';

const dir = mkdtempSync(join(tmpdir(), 'wealthrec-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface LintResult {
  status: number | null;
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; location: Array<{ pointer: string }> }>;
}

function lint(document: unknown, name: string): LintResult {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(document, null, 2));
  const run = spawnSync('node_modules/.bin/redocly', ['lint', file, '--config', 'redocly.yaml', '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
    timeout: 60_000,
  });
  return { status: run.status, ...(JSON.parse(run.stdout) as Omit<LintResult, 'status'>) };
}

describe('/openapi.json against redocly lint (recommended rules)', () => {
  it('has no error, and only the warnings the ignore file lists', async () => {
    const app = createApp({ state: oneCustomerState(), checkKey: () => null, logger: pino({ level: 'silent' }) });
    const served = (await request(app).get('/openapi.json').expect(200)).body;
    const result = lint(served, 'openapi.json');
    expect(result.totals.errors).toBe(0);
    expect(result.status).toBe(0);
    const ignored = [...readFileSync('.redocly.lint-ignore.yaml', 'utf8').matchAll(/'(#\/paths\/[^']+)'/g)].map((m) => m[1]);
    expect(ignored).toHaveLength(5); // the four operational routes and the console's page
    expect(result.problems.map((p) => `${p.ruleId} ${p.location[0].pointer}`).sort()).toEqual(ignored.map((p) => `operation-4xx-response ${p}`).sort());
  }, 60_000);

  it('fails a document without servers, or with a public route that does not say it is public', () => {
    const broken = openApiDocument() as { servers?: unknown; paths: Record<string, { get: { security?: unknown } }> };
    delete broken.servers;
    delete broken.paths['/healthz'].get.security;
    const doc = { ...broken, security: undefined };
    const result = lint(doc, 'broken.json');
    expect(result.status).not.toBe(0);
    expect(new Set(result.problems.filter((p) => p.severity === 'error').map((p) => p.ruleId))).toEqual(new Set(['no-empty-servers', 'security-defined']));
  }, 60_000);

  it('is what `wealthrec openapi` (the built code) writes for npm run lint:openapi', () => {
    const run = spawnSync(process.execPath, ['dist/cli/main.js', 'openapi'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(openApiDocument());
  });
});
