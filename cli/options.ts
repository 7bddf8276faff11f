/** Parsers for command-line values that say what they expected. */
import { InvalidArgumentError, Option } from 'commander';
import { parseDay, type DayNumber } from '../src/domain/dates.js';

export function positiveInteger(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${text}"`);
  return n;
}

export function nonNegativeInteger(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected an integer >= 0, got "${text}"`);
  return n;
}

export function isoDay(text: string): DayNumber {
  const day = parseDay(text);
  if (day === null) throw new InvalidArgumentError(`expected a date YYYY-MM-DD, got "${text}"`);
  return day;
}

/** `--backend`: which TensorFlow.js backend to run on (default $WEALTHREC_TF_BACKEND or auto). */
export function backendOption(): Option {
  return new Option('--backend <name>', 'TensorFlow.js backend')
    .choices(['auto', 'tensorflow', 'wasm', 'cpu'])
    .default(process.env.WEALTHREC_TF_BACKEND ?? 'auto');
}

/** `--db`: the bank's database, for every command that opens it. */
export function dbOption(): Option {
  return new Option('--db <url>', 'database URL: sqlite:PATH or mysql://user:pass@host:port/db (default: $WEALTHREC_DB or sqlite:./data/wealthrec.db)');
}
