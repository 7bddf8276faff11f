/**
 * XGBoost as the peer of every quality benchmark: the feature rows go out as CSV to
 * bench/peer/xgboost_peer.py (Debian's python3-xgboost, fixed parameters, early stopping on the
 * validation rows), and its scores come back to be scored by src/metrics like our own model's.
 * Only bench/ uses it: Python is never a dependency of the product.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabelledColumns } from '../../training/train-on-rows.js';
import { categoryCodes, readPeerScores, writePeerCsv } from './peer-csv.js';

const PYTHON = '/usr/bin/python3';
const DEBIAN_PACKAGES = ['python3-xgboost', 'python3-sklearn', 'python3-pandas'];
// dist/bench/lib -> the repository's bench/peer; bench/lib (vitest) -> bench/peer.
const SCRIPT = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../../bench/peer/xgboost_peer.py' : '../peer/xgboost_peer.py', import.meta.url));

export interface PeerSplit {
  train: Int32Array;
  /** The latest rows before the test rows (a random sample only where the split itself is random). */
  valid: Int32Array;
  tests: Int32Array[];
}

export interface PeerOptions {
  seed: number;
  /** An ordering number per row (day, row index); when given, the script refuses train/valid/test out of order. */
  time?: ArrayLike<number>;
  weights?: ArrayLike<number>;
  /** Where the CSVs' folder goes (it is removed afterwards); the system's temp directory by default. */
  workDir?: string;
}

/** What the script reports, as it printed it. */
export interface PeerSummary {
  train_seconds: number;
  best_iteration: number;
  best_valid_logloss: number;
  train_rows: number;
  valid_rows: number;
  features: number;
  xgboost: string;
  parameters: Record<string, string | number>;
}

export interface PeerResult {
  /** One probability per row of each test set, in its order. */
  scores: Float32Array[];
  /** Seconds inside xgb.train (the CSV round trip excluded). */
  trainSeconds: number;
  bestIteration: number;
  summary: PeerSummary;
}

/** Makes sure the system Python imports xgboost and pandas, installing Debian's packages when it does not. */
export function ensureXgboost(): void {
  if (importsXgboost()) return;
  console.error(`${PYTHON} cannot import xgboost: apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`);
  const install = spawnSync('apt-get', ['install', '-y', ...DEBIAN_PACKAGES], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (install.error || install.status !== 0 || !importsXgboost()) {
    throw new Error(
      `could not install ${DEBIAN_PACKAGES.join(', ')} (apt-get ${install.error?.message ?? `exited ${install.status}`}); install them as root and rerun, the XGBoost peer needs them`,
    );
  }
}

function importsXgboost(): boolean {
  return spawnSync(PYTHON, ['-c', 'import xgboost, pandas'], { stdio: 'ignore' }).status === 0;
}

/** Trains the peer on `split.train`, stops it early on `split.valid` and scores every test set. */
export function runXgboostPeer(data: LabelledColumns, split: PeerSplit, options: PeerOptions): PeerResult {
  ensureXgboost();
  const dir = mkdtempSync(join(options.workDir ?? tmpdir(), 'xgboost-peer-'));
  try {
    // Codes from the training rows only, as our preprocessing fits its vocabularies.
    const csv = { codes: categoryCodes(data, split.train), time: options.time, weights: options.weights };
    writePeerCsv(join(dir, 'train.csv'), data, split.train, csv);
    writePeerCsv(join(dir, 'valid.csv'), data, split.valid, { ...csv, weights: undefined });
    const tests = split.tests.map((rows, k) => {
      const paths = { rows: join(dir, `test-${k}.csv`), scores: join(dir, `test-${k}-scores.csv`) };
      writePeerCsv(paths.rows, data, rows, { ...csv, weights: undefined });
      return paths;
    });
    const args = [SCRIPT, '--train', join(dir, 'train.csv'), '--valid', join(dir, 'valid.csv'), '--seed', String(options.seed)];
    for (const t of tests) args.push('--test', `${t.rows}=${t.scores}`);
    const stdout = execFileSync(PYTHON, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 20 });
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as PeerSummary;
    return {
      scores: tests.map((t, k) => readPeerScores(t.scores, split.tests[k].length)),
      trainSeconds: summary.train_seconds,
      bestIteration: summary.best_iteration,
      summary,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
