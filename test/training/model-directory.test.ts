/** The model directory and the registry: saved models reload identically; damaged ones are refused and never become champion. */
import { mkdtemp, readFile, rm, writeFile, appendFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../src/domain/dates.js';
import { selectBackend, type BackendChoice } from '../../src/tf-backend/select-backend.js';
import { DEFAULT_FIT_OPTIONS } from '../../training/fit-model.js';
import { readModelDirectory, writeModelDirectory, type ModelContents } from '../../src/model-directory/model-directory.js';
import { listModels, loadChampion, promote, readChampion } from '../../src/model-directory/registry.js';
import { rowsBetween } from '../../training/samples.js';
import { trainForServing } from '../../training/train-for-serving.js';
import { FEATURES, HORIZON_FAMILY } from '../../src/wide-table/feature-set.js';
import { FIXTURES } from '../support/fixtures.js';
import { syntheticSamples } from './synthetic-samples.js';

const samples = syntheticSamples({ days: 12, occasionsPerDay: 10 });
let backend: BackendChoice;
let root: string;

async function trained(seed = 3): Promise<ModelContents> {
  return trainForServing(samples, {
    architecture: 'dcn',
    seed,
    fit: { ...DEFAULT_FIT_OPTIONS, maxEpochs: 2 },
    validationDays: 2,
    backend,
    samplesFile: 'memory.arrow',
  });
}

beforeAll(async () => {
  backend = await selectBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'wealthrec-models-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('model directory', () => {
  it('reloads a saved model that scores every row exactly as before', async () => {
    const contents = await trained();
    const dir = join(root, contents.card.version);
    await writeModelDirectory(dir, contents);
    const rows = rowsBetween(samples, samples.meta.fromDay, samples.meta.toDay);
    const before = contents.scoring.score(samples, rows);
    const loaded = await readModelDirectory(dir);
    expect(Array.from(loaded.scoring.score(samples, rows))).toEqual(Array.from(before));
    expect(loaded.card.version).toMatch(/^\d{8}-dcn-[0-9a-f]{8}$/);
    expect(loaded.card.backend.name).toBe('wasm');
    expect(loaded.card.data.lastTrainDay).toBe(formatDay(samples.meta.toDay)); // the cutoff: the last day of the samples
    loaded.scoring.dispose();
  });

  it('trains the same model (same version) from the same seed, and another from another seed', async () => {
    const [a, b, c] = [await trained(5), await trained(5), await trained(6)];
    expect(a.card.version).toBe(b.card.version);
    expect(c.card.version).not.toBe(a.card.version);
    for (const m of [a, b, c]) m.scoring.dispose();
  });

  it('never overwrites a version', async () => {
    const contents = await trained();
    await expect(writeModelDirectory(join(root, contents.card.version), contents)).rejects.toThrow(/already exists/);
  });

  const damages: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
    [
      'a flipped byte in weights.bin',
      async (dir) => {
        const w = await readFile(join(dir, 'weights.bin'));
        w[10] ^= 0xff;
        await writeFile(join(dir, 'weights.bin'), w);
      },
      /weights\.bin does not match its sha256/,
    ],
    ['a truncated weights.bin', (dir) => truncate(join(dir, 'weights.bin'), 100), /weights\.bin does not match its sha256 .*100 bytes/],
    ['no manifest', (dir) => rm(join(dir, 'MANIFEST.sha256')), /no MANIFEST\.sha256/],
    ['a file not in the manifest', (dir) => writeFile(join(dir, 'extra.bin'), 'x'), /files not in MANIFEST\.sha256: extra\.bin/],
    [
      'a card edited by hand',
      async (dir) => {
        await appendFile(join(dir, 'card.json'), ' ');
      },
      /card\.json does not match its sha256/,
    ],
  ];
  it.each(damages)('refuses a model with %s, naming the file', async (_what, damage, message) => {
    const contents = await trained(11);
    const dir = join(root, `damaged-${Math.random().toString(36).slice(2)}`);
    await writeModelDirectory(dir, contents);
    contents.scoring.dispose();
    await damage(dir);
    await expect(readModelDirectory(dir)).rejects.toThrow(message);
  });

  it('loads a model directory written before the redesign (commit 9a0e0c9), which scores its known answer as it did then', async () => {
    // Written by that commit's code (test/fixtures/model-directory-v1); loading it re-scores the known
    // answer, so a change in how scoring reads the directory fails here.
    const loaded = await readModelDirectory(join(FIXTURES, 'model-directory-v1'));
    expect(loaded.card).toMatchObject({ formatVersion: 1, version: '20241015-logistic-79240957', architecture: 'logistic', task: 'choice', output: 'logit' });
    // Its manifest is today's but for the families added since (horizon, shelf): a model that does not read them still scores.
    const addedSince = new Set([HORIZON_FAMILY, 'shelf']);
    expect(loaded.features.map((f) => f.name)).toEqual(FEATURES.filter((f) => !addedSince.has(f.family)).map((f) => f.name));
    const rows = rowsBetween(samples, samples.meta.fromDay, samples.meta.toDay);
    const scores = loaded.scoring.score(samples, rows);
    expect(scores.every((p) => p > 0 && p < 1)).toBe(true);
    loaded.scoring.dispose();
  });

  it('refuses weights that no longer give the recorded known answer, even with a matching manifest', async () => {
    const contents = await trained(12);
    const dir = join(root, 'wrong-weights');
    // Same files and hashes, but the known answer recorded from other weights.
    const other = await trained(13);
    await writeModelDirectory(dir, { ...contents, knownAnswer: other.knownAnswer });
    await expect(readModelDirectory(dir)).rejects.toThrow(/known-answer check failed/);
  });
});

describe('registry', () => {
  it('lists versions, promotes a verified one and keeps the champion when a promotion fails', async () => {
    const registry = await mkdtemp(join(tmpdir(), 'wealthrec-registry-'));
    try {
      const first = await trained(21);
      const second = await trained(22);
      await writeModelDirectory(join(registry, first.card.version), first);
      await writeModelDirectory(join(registry, second.card.version), second);
      expect(await readChampion(registry)).toBeNull();
      await promote(registry, first.card.version);
      await promote(registry, second.card.version);
      expect(await readChampion(registry)).toMatchObject({ version: second.card.version, previous: first.card.version });
      await promote(registry, second.card.version); // again: nothing changes
      expect(await readChampion(registry)).toMatchObject({ version: second.card.version, previous: first.card.version });
      const listed = await listModels(registry);
      expect(listed.map((e) => [e.version, e.champion])).toEqual([
        [first.card.version, false],
        [second.card.version, true],
      ]);

      await truncate(join(registry, first.card.version, 'weights.bin'), 10);
      await expect(promote(registry, first.card.version)).rejects.toThrow(/weights\.bin does not match/);
      await expect(promote(registry, 'no-such-version')).rejects.toThrow(/no model version "no-such-version"/);
      const champion = await loadChampion(registry);
      expect(champion?.card.version).toBe(second.card.version);
      champion?.scoring.dispose();
    } finally {
      await rm(registry, { recursive: true, force: true });
    }
  });
});
