/**
 * The README's main command (`npm start` = `wealthrec demo`) ends by serving the demo bank and
 * printing a curl example that works. A small bank keeps it short; the compiled CLI runs it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { recommendations } from '../../serving/api-schemas.js';

const dir = mkdtempSync(join(tmpdir(), 'wealthrec-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wealthrec demo', () => {
  it('trains, then serves the champion and prints a curl call that answers', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const args = [
      'dist/cli/main.js',
      'demo',
      '--customers',
      '400',
      '--days',
      '120',
      '--out',
      join(dir, 'bank'),
      '--db',
      `sqlite:${join(dir, 'demo.db')}`,
      '--models',
      join(dir, 'models'),
      '--port',
      String(port),
    ];
    const demo = spawn(process.execPath, args, { env: { ...process.env, WEALTHREC_TF_BACKEND: 'wasm' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    demo.stdout!.on('data', (d) => (output += d));
    demo.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    try {
      await vi.waitFor(() => expect(output).toMatch(/Ctrl-C stops\n/), { timeout: 150_000, interval: 200 });
      expect(output).toContain('== 8/8 serve');
      // Step 7: segments at the end, measured against a month before.
      expect(output).toMatch(/segments as of \d{4}-\d{2}-\d{2} -> .*: [\d,]+ customers in \d+ segments/);
      expect(output).toMatch(/against \d{4}-\d{2}-\d{2}: adjusted Rand index -?[\d.]+/);
      // Step 6: an experiment replayed on a past day, reported per arm with the caveat of a synthetic bank.
      expect(output).toMatch(/experiment demo-replay-\d+ \(stopped\)/);
      expect(output).toMatch(/\nchampion\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+[\d.]+%/);
      expect(output).toMatch(/\npopularity\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+[\d.]+%/);
      expect(output).toContain('not causal lift');
      // Step 5: the demand model, an SMS list with its audit record, and campaigns judged on history.
      expect(output).toMatch(/demand evaluation \(3 test days/);
      expect(output).toMatch(/campaign list as of \d{4}-\d{2}-\d{2}: [\d,]+ customers -> .*audit record \d+/);
      expect(output).toMatch(/\d+ launches evaluated \(models trained before/);
      const [, key, url] = /curl -H 'X-API-Key: ([^']+)' '([^']+)'/.exec(output)!;
      expect(url.startsWith(`http://127.0.0.1:${port}/v1/customers/`)).toBe(true);
      const answer = recommendations.parse(await (await fetch(url, { headers: { 'X-API-Key': key } })).json());
      expect(answer.items.length).toBeGreaterThan(0);
      expect(output).toContain(`1. ${answer.items[0].productId} ${answer.items[0].name}`); // what it printed is what the API answers
      for (const reason of answer.items.flatMap((i) => i.reasons)) expect(output).toContain(`why: ${reason.text_zh}`);
    } finally {
      demo.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 180_000);
});
