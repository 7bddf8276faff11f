/**
 * Experiments in the bank database: started with their arms and salt, stopped once, never renamed
 * or reused. At most one runs at a time, so every served answer belongs to at most one experiment.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { formatDay, type DayNumber } from '../../src/domain/dates.js';
import { UsageError } from '../../src/errors.js';
import { experimentArmSchema, type ExperimentArm } from './arm-policy.js';

export const EXPERIMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface Experiment {
  name: string;
  salt: string;
  arms: ExperimentArm[];
  startedAt: string;
  startedDay: DayNumber;
  stoppedAt: string | null;
  stoppedDay: DayNumber | null;
  startedBy: string;
}

const armsSchema = z.array(experimentArmSchema).min(2);

function fromRow(row: Record<string, unknown>): Experiment {
  const arms = armsSchema.safeParse(JSON.parse(String(row.arms)));
  if (!arms.success) throw new Error(`experiment "${String(row.name)}": its arms in the database are not valid (${arms.error.issues[0].message})`);
  return {
    name: String(row.name),
    salt: String(row.salt),
    arms: arms.data,
    startedAt: String(row.started_at),
    startedDay: Number(row.started_day),
    stoppedAt: row.stopped_at === null ? null : String(row.stopped_at),
    stoppedDay: row.stopped_day === null ? null : Number(row.stopped_day),
    startedBy: String(row.started_by),
  };
}

export interface StartExperiment {
  name: string;
  arms: ExperimentArm[];
  /** Default: 16 random bytes, so no two experiments share an assignment. */
  salt?: string;
  day: DayNumber;
  startedBy: string;
}

export async function startExperiment(knex: Knex, request: StartExperiment): Promise<Experiment> {
  if (!EXPERIMENT_NAME.test(request.name))
    throw new UsageError(`experiment name "${request.name}": letters, digits, ".", "_" and "-" only, at most 64, starting with a letter or digit`);
  if (request.salt !== undefined && (request.salt === '' || request.salt.length > 64)) throw new UsageError('--salt: 1 to 64 characters');
  return knex.transaction(async (trx) => {
    const existing = await trx('experiments').first('name', 'stopped_at').where('name', request.name);
    if (existing)
      throw new UsageError(
        `an experiment named "${request.name}" ${existing.stopped_at === null ? 'is running' : 'already ran'}: names are never reused (its impressions keep it)`,
      );
    const running = await trx('experiments').first('name').whereNull('stopped_at');
    if (running) throw new UsageError(`experiment "${running.name}" is running: stop it first (wealthrec experiment stop ${running.name})`);
    const row = {
      name: request.name,
      salt: request.salt ?? randomBytes(16).toString('hex'),
      arms: JSON.stringify(request.arms),
      started_at: new Date().toISOString(),
      started_day: request.day,
      stopped_at: null,
      stopped_day: null,
      started_by: request.startedBy,
    };
    await trx('experiments').insert(row);
    await trx('audit_log').insert({
      at: row.started_at,
      action: 'experiment.start',
      subject: request.name,
      details: JSON.stringify({ arms: request.arms, startedDay: formatDay(request.day), startedBy: request.startedBy }),
    });
    return fromRow(row);
  });
}

export async function stopExperiment(knex: Knex, name: string, day: DayNumber): Promise<Experiment> {
  return knex.transaction(async (trx) => {
    const row = await trx('experiments').first('*').where('name', name);
    if (!row) throw new UsageError(`no experiment named "${name}" (wealthrec experiment list)`);
    if (row.stopped_at !== null) throw new UsageError(`experiment "${name}" was already stopped on ${formatDay(Number(row.stopped_day))}`);
    if (day < Number(row.started_day)) throw new UsageError(`experiment "${name}" started on ${formatDay(Number(row.started_day))}, after ${formatDay(day)}`);
    const stoppedAt = new Date().toISOString();
    await trx('experiments').update({ stopped_at: stoppedAt, stopped_day: day }).where('name', name);
    await trx('audit_log').insert({ at: stoppedAt, action: 'experiment.stop', subject: name, details: JSON.stringify({ stoppedDay: formatDay(day) }) });
    return fromRow({ ...row, stopped_at: stoppedAt, stopped_day: day });
  });
}

/** Every experiment, newest first. */
export async function listExperiments(knex: Knex): Promise<Experiment[]> {
  return (
    await knex('experiments')
      .select('*')
      .orderBy([{ column: 'started_at', order: 'desc' }, 'name'])
  ).map(fromRow);
}

export async function findExperiment(knex: Knex, name: string): Promise<Experiment> {
  const row = await knex('experiments').first('*').where('name', name);
  if (!row) throw new UsageError(`no experiment named "${name}" (wealthrec experiment list)`);
  return fromRow(row);
}

/** The experiment running now, if any. */
export async function runningExperiment(knex: Knex): Promise<Experiment | null> {
  const row = await knex('experiments').first('*').whereNull('stopped_at');
  return row ? fromRow(row) : null;
}
