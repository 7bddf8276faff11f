/**
 * API keys: the keys file holds hashes only and round-trips; a broken line is refused naming its
 * line and never echoing it; the check finds a key's holder by its hash and refuses short and
 * unknown keys; `wealthrec keys create|list|revoke` (the compiled CLI) prints a key once and stores
 * it nowhere in clear; and the watched file rotates keys in a running app, a broken file keeping the
 * keys in force.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey } from '../../serving/api-key-admin.js';
import { formatKeyLine, KEY_FILE_HEADER, parseKeyFile, readKeyFile } from '../../serving/api-key-file.js';
import { generateApiKey, hashApiKey, keyChecker, MIN_API_KEY_LENGTH, type ApiKeyEntry } from '../../serving/api-keys.js';
import { API_SCOPES } from '../../serving/api-scopes.js';
import { createApp } from '../../serving/app.js';
import { developmentKeys, readDevelopmentKeys } from '../../serving/development-api-keys.js';
import type { ReloadOutcome } from '../../serving/reload-on-change.js';
import { openApiKeys, type ApiKeys } from '../../serving/watched-api-keys.js';
import { CUSTOMER, oneCustomerState } from './one-customer-state.js';

const dir = mkdtempSync(join(tmpdir(), 'wealthrec-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY_A = 'key-a-0123456789abcdef0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef0123456789abcdef';
const entryA: ApiKeyEntry = { name: 'crm-team', scopes: ['campaigns:export', 'recommendations'], hash: hashApiKey(KEY_A) };
const entryB: ApiKeyEntry = { name: 'wechat.app_1', scopes: ['recommendations'], hash: hashApiKey(KEY_B) };

/** As an operator replaces a file: write aside, rename over. */
function replace(path: string, text: string): void {
  writeFileSync(`${path}.new`, text);
  renameSync(`${path}.new`, path);
}

describe('the keys file', () => {
  it('round-trips its entries, ignoring comments and blank lines', () => {
    const text = `${KEY_FILE_HEADER}\n${formatKeyLine(entryA)}  \n# rotated 2026-06\n${formatKeyLine(entryB)}`;
    expect(parseKeyFile(text, 'keys')).toEqual([entryA, entryB]);
    expect(entryA.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(text).not.toContain(KEY_A);
  });

  it.each([
    ['crm-team recommendations', /keys:1: expected "NAME SCOPES sha256:HEX", got 2 field/],
    [`crm-team recommendations ${KEY_A}`, /keys:1: expected the key's hash as sha256:/],
    [`crm-team ${KEY_A} ${entryA.hash}`, /keys:1: expected SCOPES as distinct names among recommendations, profiles, campaigns:export, admin/],
    [`crm-team recommendations,recommendations ${entryA.hash}`, /keys:1: expected SCOPES as distinct/],
    [`-crm recommendations ${entryA.hash}`, /keys:1: a key name is 1 to 64/],
    [`${formatKeyLine(entryA)}crm-team admin ${entryB.hash}`, /keys:2: the name crm-team is given twice/],
    [`${formatKeyLine(entryA)}other admin ${entryA.hash}`, /keys:2: the same key is given twice/],
  ])('refuses %j naming the line, never echoing it', (text, message) => {
    let error: Error | undefined;
    try {
      parseKeyFile(text, 'keys');
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain(KEY_A);
  });

  it('is refused by the server when it holds no key', () => {
    const path = join(dir, 'empty-keys');
    writeFileSync(path, KEY_FILE_HEADER);
    expect(() => readKeyFile(path)).toThrow(/holds no API keys: add one with wealthrec keys create/);
  });
});

describe('the key check', () => {
  const check = keyChecker([entryA, entryB]);

  it('finds the holder of a key by its hash, with its scopes', () => {
    expect(check(KEY_A)).toEqual({ name: 'crm-team', scopes: new Set(['campaigns:export', 'recommendations']) });
    expect(check(KEY_B)?.name).toBe('wechat.app_1');
  });

  it('refuses no key, an unknown key, a key differing in one character, and a key shorter than 32 characters', () => {
    expect(check(undefined)).toBeNull();
    expect(check('')).toBeNull();
    expect(check(`${KEY_A.slice(0, -1)}0`)).toBeNull();
    expect(check(`${KEY_A}x`)).toBeNull();
    const short = 'short-key-0123456789abcdef';
    expect(short.length).toBeLessThan(MIN_API_KEY_LENGTH);
    expect(keyChecker([{ name: 'short', scopes: ['admin'], hash: hashApiKey(short) }])(short)).toBeNull();
  });

  it('generates keys of 32 random bytes that never repeat', () => {
    const keys = Array.from({ length: 200 }, generateApiKey);
    expect(new Set(keys).size).toBe(200);
    for (const k of keys) expect(k).toMatch(/^wrk_[A-Za-z0-9_-]{43}$/);
  });

  it('takes development keys from WEALTHREC_API_KEYS: every scope, named env-1, env-2…, 32 characters at least', () => {
    const keys = readDevelopmentKeys(` ${KEY_A} ,${KEY_B},`);
    expect(keys).toEqual([KEY_A, KEY_B]);
    expect(keyChecker(developmentKeys(keys))(KEY_B)).toEqual({ name: 'env-2', scopes: new Set(API_SCOPES) });
    expect(() => developmentKeys(['too-short-0123456789'])).toThrow(/at least 32 characters/);
    expect(() => readDevelopmentKeys('')).toThrow(/--api-keys-file/);
  });
});

describe('wealthrec keys (the compiled CLI)', () => {
  const file = join(dir, 'cli-keys.txt');
  const wealthrec = (...args: string[]) => spawnSync(process.execPath, ['dist/cli/main.js', 'keys', ...args, '--keys-file', file], { encoding: 'utf8' });

  it('creates a key, prints it once, and keeps only its hash', async () => {
    const made = wealthrec('create', 'crm-team', '--scopes', 'campaigns:export,recommendations');
    expect(made.status).toBe(0);
    const key = made.stdout.trim();
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(made.stdout).toBe(`${key}\n`); // the key alone on stdout
    expect(made.stderr).toMatch(/key crm-team \(campaigns:export,recommendations\) added to .*shown this once/);
    expect(made.stderr).not.toContain(key);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(key);
    expect(text).toContain(`crm-team campaigns:export,recommendations ${hashApiKey(key)}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(keyChecker(readKeyFile(file))(key)?.name).toBe('crm-team');

    const second = wealthrec('create', 'wechat', '--scopes', 'recommendations');
    expect(second.status).toBe(0);
    expect(second.stdout.trim()).not.toBe(key);
    const listed = wealthrec('list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toBe('crm-team  campaigns:export,recommendations\nwechat  recommendations\n');
    expect(listed.stdout).not.toMatch(/sha256/);
  });

  it('refuses a duplicate name, an unknown scope and a bad name (exit 2), leaving the file as it was', () => {
    const before = readFileSync(file, 'utf8');
    const duplicate = wealthrec('create', 'crm-team', '--scopes', 'admin');
    expect(duplicate.status).toBe(2);
    expect(duplicate.stderr).toMatch(/already has a key named crm-team/);
    expect(duplicate.stdout).toBe('');
    const scope = wealthrec('create', 'ops', '--scopes', 'admin,root');
    expect(scope.status).toBe(2);
    expect(scope.stderr).toMatch(/unknown scope "root": expected one of recommendations, profiles, campaigns:export, admin/);
    expect(wealthrec('create', 'has space', '--scopes', 'admin').status).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('revokes a key by name, keeping the other lines and comments', async () => {
    const revokable = join(dir, 'not-yet', 'revoke-keys.txt'); // its folder made on the first key
    await createApiKey(revokable, 'a', ['admin']);
    const { key } = await createApiKey(revokable, 'b', ['profiles']);
    await revokeApiKey(revokable, 'a');
    expect(listApiKeys(revokable)).toEqual([{ name: 'b', scopes: ['profiles'] }]);
    expect(readFileSync(revokable, 'utf8').startsWith(KEY_FILE_HEADER)).toBe(true);
    expect(keyChecker(readKeyFile(revokable))(key)?.name).toBe('b');
    await expect(revokeApiKey(revokable, 'a')).rejects.toThrow(/has no key named a/);
  });
});

describe('the watched keys file', () => {
  let keys: ApiKeys | undefined;
  afterAll(() => keys?.stop());

  it('rotates keys in a running app without a restart, and keeps the keys in force when the new file is broken', async () => {
    const file = join(dir, 'watched-keys.txt');
    replace(file, formatKeyLine(entryA));
    const outcomes: ReloadOutcome[] = [];
    keys = openApiKeys({ file }, { pollMs: 20, onReload: (o) => outcomes.push(o) });
    const app = createApp({ state: oneCustomerState(), checkKey: keys.check, logger: pino({ level: 'silent' }) });
    const status = async (key: string) => (await request(app).get(`/v1/customers/${CUSTOMER}/recommendations`).set('X-API-Key', key)).status;
    expect(await status(KEY_A)).toBe(200);
    expect(await status(KEY_B)).toBe(401);
    expect(keys.describe()).toBe(`1 key(s) from ${file} (crm-team: campaigns:export,recommendations), watched for changes`);

    replace(file, formatKeyLine(entryB)); // A rotated out, B in
    await vi.waitFor(() => expect(outcomes).toHaveLength(1), { timeout: 3000 });
    expect(outcomes[0].ok).toBe(true);
    expect(await status(KEY_A)).toBe(401);
    expect(await status(KEY_B)).toBe(200);

    replace(file, `${formatKeyLine(entryB)}half a line`); // broken: B stays
    await vi.waitFor(() => expect(outcomes).toHaveLength(2), { timeout: 3000 });
    expect(outcomes[1]).toMatchObject({
      ok: false,
      error: expect.objectContaining({ message: expect.stringMatching(/watched-keys.txt:2: expected the key.s hash/) }),
    });
    expect(await status(KEY_B)).toBe(200);
    replace(file, KEY_FILE_HEADER); // no key left: refused too, B stays
    await vi.waitFor(() => expect(outcomes).toHaveLength(3), { timeout: 3000 });
    expect(outcomes[2].ok).toBe(false);
    expect(await status(KEY_B)).toBe(200);

    replace(file, formatKeyLine(entryA) + formatKeyLine(entryB)); // fixed: both
    await vi.waitFor(() => expect(outcomes).toHaveLength(4), { timeout: 3000 });
    expect(await status(KEY_A)).toBe(200);
    expect(await status(KEY_B)).toBe(200);
  });

  it('does not start on a broken file', () => {
    const file = join(dir, 'broken-keys.txt');
    writeFileSync(file, 'crm-team recommendations\n');
    expect(() => openApiKeys({ file }, { pollMs: 20 })).toThrow(/broken-keys.txt:1/);
  });
});
