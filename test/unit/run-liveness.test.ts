/** When a run recorded as running is taken for dead: by its process on this machine, by its heartbeat elsewhere. */
import { describe, expect, it } from 'vitest';
import { deathOf, type Observer, type RunningRun, STALE_AFTER_MS } from '../../import/run-liveness.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const here = (alive: number[]): Observer => ({ space: 'boot-a/pid:[1]', now: NOW, alive: (pid) => alive.includes(pid) });
const run = (fields: Partial<RunningRun>): RunningRun => ({
  id: 1,
  startedAt: ago(60_000),
  heartbeatAt: ago(1_000),
  ownerSpace: null,
  ownerPid: null,
  ...fields,
});

describe('deathOf', () => {
  it('in our own process space, asks the process table and nothing else', () => {
    const mine = { ownerSpace: 'boot-a/pid:[1]', ownerPid: 42 };
    expect(deathOf(run({ ...mine, heartbeatAt: ago(1_000) }), here([]))).toBe('its process 42 has ended without recording an outcome');
    // Alive however long silent: SQLite imports beat no heartbeat while they hold the write lock.
    expect(deathOf(run({ ...mine, heartbeatAt: ago(24 * 3600_000) }), here([42]))).toBeNull();
  });

  it('in another space (another machine, another pid namespace, or a reused boot id), goes by the heartbeat', () => {
    for (const ownerSpace of ['boot-b/pid:[1]', 'boot-a/pid:[2]', null]) {
      // The same pid elsewhere is another process: neither its life nor its death says anything.
      expect(deathOf(run({ ownerSpace, ownerPid: 42, heartbeatAt: ago(STALE_AFTER_MS) }), here([]))).toBeNull();
      expect(deathOf(run({ ownerSpace, ownerPid: 42, heartbeatAt: ago(STALE_AFTER_MS + 1) }), here([42]))).toBe(
        `no heartbeat since ${ago(STALE_AFTER_MS + 1)}`,
      );
    }
  });

  it('where the observer cannot tell its own space, never trusts a pid', () => {
    const blind: Observer = { space: null, now: NOW, alive: () => false };
    expect(deathOf(run({ ownerSpace: null, ownerPid: 42, heartbeatAt: ago(1_000) }), blind)).toBeNull();
  });

  it('judges a run recorded before heartbeats by its start', () => {
    expect(deathOf(run({ heartbeatAt: null, startedAt: ago(STALE_AFTER_MS - 1) }), here([]))).toBeNull();
    expect(deathOf(run({ heartbeatAt: null, startedAt: ago(STALE_AFTER_MS + 1) }), here([]))).toBe(`no heartbeat since ${ago(STALE_AFTER_MS + 1)}`);
  });
});
