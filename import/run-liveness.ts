/**
 * Whether an import run still recorded as `running` is alive, and the sweep that marks the dead ones
 * `abandoned`. A process killed mid-import (SIGKILL, a lost machine) never records its outcome; its
 * transaction dies with its connection, so its run only needs its status corrected.
 *
 * Liveness is decided without trusting clocks where it can be: a run records its owner, the pid
 * and the process space it is valid in (this boot of this machine, this pid namespace). A run
 * owned in our own space is dead exactly when its process is gone. A run owned elsewhere (another
 * machine on the same MariaDB, or a system where the space cannot be told) is dead once its
 * heartbeat has been silent for STALE_AFTER_MS. MariaDB imports renew their heartbeat every
 * HEARTBEAT_MS; SQLite imports do not and need not: an import holds SQLite's one write lock from
 * its first write to its end, so no other import can mark it (or even start) meanwhile, and the
 * unlocked part before (loading the known ids) lasts seconds, not STALE_AFTER_MS.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import type { Knex } from 'knex';
import { dialectOf } from '../src/db/connect.js';
import { log } from '../src/log.js';

/** A run owned elsewhere whose heartbeat is older than this is taken for dead. */
export const STALE_AFTER_MS = 10 * 60_000;
/** How often a MariaDB import renews its heartbeat: twenty beats fit in STALE_AFTER_MS. */
export const HEARTBEAT_MS = 30_000;

/** Who runs an import: a pid, and the process space in which that pid means this process. */
export interface RunOwner {
  space: string | null;
  pid: number;
}

/**
 * This boot of this machine and this pid namespace (Linux), in which a pid names one process; null
 * where that cannot be told, and then runs are judged by their heartbeat alone. A hostname would not
 * do: two containers (or two misnamed machines) can share one and still not share pids.
 */
export function processSpace(): string | null {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const pidNamespace = readlinkSync('/proc/self/ns/pid'); // pid:[4026531836]
    return boot && pidNamespace ? `${boot}/${pidNamespace}` : null;
  } catch {
    return null;
  }
}

export function thisProcess(): RunOwner {
  return { space: processSpace(), pid: process.pid };
}

/** Whether a process of this space exists (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A run as recorded while running; rows from before owners were recorded have no owner and no heartbeat. */
export interface RunningRun {
  id: number;
  startedAt: string;
  heartbeatAt: string | null;
  ownerSpace: string | null;
  ownerPid: number | null;
}

export interface Observer {
  space: string | null;
  now: Date;
  alive: (pid: number) => boolean;
}

/** Why a running run is dead, or null while it may be alive. */
export function deathOf(run: RunningRun, here: Observer): string | null {
  if (here.space !== null && run.ownerSpace === here.space && run.ownerPid !== null) {
    // Same machine and pid namespace: the process table is the truth, whatever the heartbeat says.
    return here.alive(run.ownerPid) ? null : `its process ${run.ownerPid} has ended without recording an outcome`;
  }
  const last = run.heartbeatAt ?? run.startedAt;
  return here.now.getTime() - Date.parse(last) > STALE_AFTER_MS ? `no heartbeat since ${last}` : null;
}

/**
 * Marks `abandoned` (finished now) every running run that is dead; returns them with the reason.
 * A run is only marked if its heartbeat is still the one judged: a run that beat in between lives on.
 */
export async function abandonDeadRuns(
  knex: Knex,
  here: Observer = { space: processSpace(), now: new Date(), alive: processAlive },
): Promise<Array<{ id: number; reason: string }>> {
  const rows = await knex('import_runs').select('id', 'started_at', 'heartbeat_at', 'owner_space', 'owner_pid').where('status', 'running').orderBy('id');
  const abandoned: Array<{ id: number; reason: string }> = [];
  for (const r of rows) {
    const run: RunningRun = {
      id: Number(r.id),
      startedAt: String(r.started_at),
      heartbeatAt: r.heartbeat_at === null ? null : String(r.heartbeat_at),
      ownerSpace: r.owner_space,
      ownerPid: r.owner_pid === null ? null : Number(r.owner_pid),
    };
    const reason = deathOf(run, here);
    if (!reason) continue;
    const marked = await knex('import_runs')
      .where({ id: run.id, status: 'running' })
      .andWhere((q) => (run.heartbeatAt === null ? q.whereNull('heartbeat_at') : q.where('heartbeat_at', run.heartbeatAt)))
      .update({ status: 'abandoned', finished_at: here.now.toISOString(), summary: JSON.stringify({ abandoned: reason }) });
    if (marked > 0) abandoned.push({ id: run.id, reason });
  }
  return abandoned;
}

/** Renews the run's heartbeat until the returned function is called; on MariaDB only (see the module comment). */
export function keepAlive(knex: Knex, runId: number, everyMs = HEARTBEAT_MS): () => void {
  if (dialectOf(knex) !== 'mysql') return () => {};
  const timer = setInterval(() => {
    knex('import_runs')
      .where({ id: runId, status: 'running' })
      .update({ heartbeat_at: new Date().toISOString() })
      .catch((err: unknown) => log.warn({ runId, err: String(err) }, 'import heartbeat not recorded'));
  }, everyMs);
  timer.unref(); // never what keeps a process alive
  return () => clearInterval(timer);
}
