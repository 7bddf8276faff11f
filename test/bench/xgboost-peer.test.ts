/** The XGBoost peer's CSVs (raw numbers, NaN, category codes by training frequency), its score files, and one tiny run of the script. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { categoryCodes, formatNumber, readPeerScores, writePeerCsv } from '../../bench/lib/peer-csv.js';
import { runXgboostPeer } from '../../bench/lib/xgboost-peer.js';
import type { LabelledColumns } from '../../training/train-on-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'wealthrec-peer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const data: LabelledColumns = {
  numbers: new Map([['balance', Float32Array.from([1.5, Number.NaN, 3, 0.1])]]),
  categories: new Map([['city', ['sh', 'bj', 'sh', null]]]),
  labels: Uint8Array.from([1, 0, 1, 0]),
};

describe('peer CSV', () => {
  it('numbers category values by their frequency on the training rows only', () => {
    // Rows 0..2: sh twice, bj once; row 3 (null) is not a training row.
    expect(categoryCodes(data, Int32Array.from([0, 1, 2])).get('city')).toEqual(
      new Map([
        ['sh', 0],
        ['bj', 1],
      ]),
    );
    // Equal counts: ordered by value, never by row order.
    expect([
      ...categoryCodes(data, Int32Array.from([1, 0]))
        .get('city')!
        .keys(),
    ]).toEqual(['bj', 'sh']);
  });

  it('writes raw numbers, NaN for unknown, codes (NaN when unseen), label and time', () => {
    const path = join(dir, 'rows.csv');
    const codes = categoryCodes(data, Int32Array.from([1]));
    writePeerCsv(path, data, Int32Array.from([3, 1, 0]), { codes, time: [10, 11, 12, 13] });
    expect(readFileSync(path, 'utf8')).toBe('balance,city,label,time\n0.1,NaN,0,13\nNaN,0,0,11\n1.5,NaN,1,10\n');
  });

  it('keeps a Float32 exact in nine digits', () => {
    const f = Math.fround(0.1);
    expect(Math.fround(Number(formatNumber(f)))).toBe(f);
    expect(formatNumber(-2)).toBe('-2');
  });

  it('refuses a feature named like a reserved column', () => {
    const clash: LabelledColumns = { ...data, numbers: new Map([['label', Float32Array.from([1, 2, 3, 4])]]) };
    expect(() => writePeerCsv(join(dir, 'x.csv'), clash, Int32Array.from([0]), { codes: new Map() })).toThrow(/reserved/);
  });

  it('reads scores back and says what is wrong with a bad file', () => {
    const path = join(dir, 'scores.csv');
    writeFileSync(path, 'score\n0.25\n0.75\n');
    expect([...readPeerScores(path, 2)]).toEqual([0.25, 0.75]);
    expect(() => readPeerScores(path, 3)).toThrow('2 scores for 3 test rows');
    writeFileSync(path, 'score\n0.25\n1.5\n');
    expect(() => readPeerScores(path, 2)).toThrow('scores.csv:3: "1.5" is not a probability');
  });
});

// CI installs python3-xgboost (.ci/run); elsewhere the run is skipped rather than installing packages from a test.
const hasXgboost = spawnSync('/usr/bin/python3', ['-c', 'import xgboost, pandas'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasXgboost && !process.env.CI)('xgboost_peer.py', () => {
  // x predicts the label exactly; rows in time order, the last ones test.
  const n = 200;
  const x = Float32Array.from({ length: n }, (_, i) => (i * 37) % 100);
  const tiny: LabelledColumns = {
    numbers: new Map([['x', x]]),
    categories: new Map([['c', Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b'))]]),
    labels: Uint8Array.from(x, (v) => (v >= 50 ? 1 : 0)),
  };
  const rows = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
  const time = Array.from({ length: n }, (_, i) => i);

  it('trains, stops early on the validation rows and scores each test set in its order', () => {
    const result = runXgboostPeer(
      tiny,
      { train: rows(0, 140), valid: rows(140, 170), tests: [rows(170, 200), rows(170, 175)] },
      { seed: 1, time, workDir: dir },
    );
    expect(result.scores.map((s) => s.length)).toEqual([30, 5]);
    for (const [k, r] of rows(170, 200).entries()) expect(result.scores[0][k] > 0.5).toBe(tiny.labels[r] === 1);
    expect(result.bestIteration).toBeGreaterThanOrEqual(0);
    expect(result.summary.parameters.max_depth).toBe(6);
  });

  it('refuses validation rows that are not after the training rows', () => {
    expect(() => runXgboostPeer(tiny, { train: rows(30, 170), valid: rows(0, 30), tests: [rows(170, 200)] }, { seed: 1, time, workDir: dir })).toThrow();
  });
});
