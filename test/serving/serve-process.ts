/**
 * `wealthrec serve` as a child process, started on a served bank as operations start it (the compiled
 * CLI: npm test builds first), on a random port, resolved once it listens. Its stdout and stderr are
 * kept together for the tests that read its log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { formatDay } from '../../src/domain/dates.js';
import type { ServedBank } from './served-bank.js';

export interface ServeProcess {
  child: ChildProcess;
  base: string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
}

export interface ServeProcessOptions {
  /** Defaults: the bank's models and database. */
  models?: string;
  dbUrl?: string;
  /** Flags after the bank's (--snapshot, --today, --models, --db, --port). */
  flags?: string[];
  /** The environment's additions (WEALTHREC_TF_BACKEND is wasm); a key set to undefined is removed. */
  env?: Record<string, string | undefined>;
}

export async function startServeProcess(bank: ServedBank, options: ServeProcessOptions = {}): Promise<ServeProcess> {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const env: Record<string, string | undefined> = { ...process.env, WEALTHREC_TF_BACKEND: 'wasm', ...options.env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const child = spawn(
    process.execPath,
    [
      'dist/cli/main.js',
      'serve',
      // The bank ends on the snapshot's day: that is its today.
      ...['--snapshot', bank.snapshot, '--today', formatDay(bank.asOf), '--models', options.models ?? bank.models],
      ...['--db', options.dbUrl ?? bank.dbUrl, '--port', String(port)],
      ...(options.flags ?? []),
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (!output.includes('listening on')) return;
      clearInterval(poll);
      resolve();
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      reject(new Error(`serve exited (${code}) before listening:\n${output}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}`, exited, output: () => output };
}
