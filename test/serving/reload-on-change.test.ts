/** The hot-reload trigger: a file replaced by rename starts one reload; reloads never overlap; a failure is reported. */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reloadOnChange, type ReloadOutcome, type ReloadWatch } from '../../serving/reload-on-change.js';

const dir = mkdtempSync(join(tmpdir(), 'wealthrec-reload-'));
let watch: ReloadWatch | undefined;
afterEach(() => watch?.stop());
afterEach(() => rmSync(join(dir, 'pointer.json'), { force: true }));

/** As promote and the snapshot writer do: write aside, then rename over. */
function replace(path: string, text: string): void {
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}

describe('reloadOnChange', () => {
  it('reloads once when a watched file is replaced by rename, and reports the outcome', async () => {
    const path = join(dir, 'pointer.json');
    replace(path, '{"version":"a"}');
    const reload = vi.fn(async () => undefined);
    const outcomes: ReloadOutcome[] = [];
    watch = reloadOnChange([path], reload, (o) => outcomes.push(o), 20);
    await new Promise((r) => setTimeout(r, 150));
    expect(reload).not.toHaveBeenCalled(); // watching alone loads nothing

    replace(path, '{"version":"b"}');
    await vi.waitFor(() => expect(outcomes).toHaveLength(1), { timeout: 3000 });
    expect(reload).toHaveBeenCalledTimes(1);
    expect(outcomes[0]).toEqual({ ok: true, trigger: `${path} changed` });
  });

  it('never runs two reloads at once, and a change during one queues exactly one more', async () => {
    let running = 0;
    let most = 0;
    let calls = 0;
    const reload = async () => {
      calls++;
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 50));
      running--;
    };
    watch = reloadOnChange([], reload, () => undefined);
    const first = watch.reloadNow('one');
    const second = watch.reloadNow('two');
    const third = watch.reloadNow('three'); // joins the queued one: the files are read again once, not twice
    await Promise.all([first, second, third]);
    expect(most).toBe(1);
    expect(calls).toBe(2);
    expect(second).toBe(third);
  });

  it('reports a failed reload with its error and keeps watching', async () => {
    const reload = vi.fn().mockRejectedValueOnce(new Error('weights.bin does not match its sha256')).mockResolvedValueOnce(undefined);
    const outcomes: ReloadOutcome[] = [];
    watch = reloadOnChange([], reload, (o) => outcomes.push(o));
    const failed = await watch.reloadNow('SIGHUP');
    expect(failed.ok).toBe(false);
    expect(String(failed.error)).toMatch(/sha256/);
    expect((await watch.reloadNow('SIGHUP')).ok).toBe(true);
    expect(outcomes.map((o) => o.ok)).toEqual([false, true]);
  });
});
